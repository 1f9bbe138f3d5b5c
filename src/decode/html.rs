//! Web pages: `.htm` and `.html` files, as Word saves a document "as a web
//! page" and as legal portals serve them.
//!
//! The bytes are decoded like a plain-text file (the encoding is detected
//! from the text, not taken from the page's `charset`: Word declares
//! `windows-1252` for a page typed in `.VnTime`), then read by html5ever's
//! tokenizer, which knows HTML's character references (`&#7871;`,
//! `&ecirc;`, with or without the semicolon) and where `<script>` and
//! `<style>` end. The text is laid out as a browser would break it into
//! lines: white space runs collapse to one space, a paragraph, heading,
//! list item, table cell or `<br>` ends a line, `<pre>` keeps its lines. The
//! `<head>` (title, styles, Word's XML), scripts, styles and comments are
//! left out.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;

use super::Encoding;

/// Whether bytes that carry no telling name look like a web page: after
/// white space and a UTF-8 byte-order mark, `<!DOCTYPE html` or `<html`.
pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 14)];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts(b"<!doctype html") || starts(b"<html")
}

/// The Vietnamese 8-bit encoding a page declares in its first 4 KB
/// (`<meta charset="windows-1258">`, `content="text/html;
/// charset=windows-1258"`), if any. Other charsets say nothing useful: Word
/// declares `windows-1252` for a page typed in `.VnTime`.
pub(super) fn declared_encoding(bytes: &[u8]) -> Option<Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let charset = memchr::memmem::find_iter(&lower, b"charset").find_map(|at| {
        let rest = &lower[at + b"charset".len()..];
        let rest = rest
            .trim_ascii_start()
            .strip_prefix(b"=")?
            .trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or(rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
            .unwrap_or(rest.len());
        Some(&rest[..end])
    })?;
    matches!(charset, b"windows-1258" | b"cp1258" | b"x-cp1258").then_some(Encoding::Windows1258)
}

/// The text of an HTML page, one line per block.
pub(super) fn html_text(html: &str) -> String {
    let sink = TextSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
    tokenizer.end();
    let text = tokenizer.sink.text.take();
    text.finish()
}

#[derive(Default)]
struct TextSink {
    text: RefCell<Text>,
}

/// What a tag does to the text around it.
enum Role {
    /// Its content is not text (`<script>`, `<style>`, Word's `<xml>`).
    Hidden,
    /// It ends the line before it and the line it holds.
    Block,
    /// A line break (`<br>`).
    Break,
    /// Preformatted: white space and line breaks kept.
    Pre,
    /// Text inside it runs on (`<span>`, `<b>`, `<a>`, unknown tags).
    Inline,
}

fn role(name: &str) -> Role {
    match name {
        "script" | "style" | "template" | "noscript" | "noembed" | "noframes" | "xml"
        | "object" | "svg" | "math" | "select" | "textarea" | "iframe" | "title" => Role::Hidden,
        "br" => Role::Break,
        "pre" | "listing" | "plaintext" => Role::Pre,
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl"
        | "dt" | "dd" | "tr" | "td" | "th" | "table" | "thead" | "tbody" | "tfoot" | "caption"
        | "blockquote" | "address" | "center" | "hr" | "section" | "article" | "header"
        | "footer" | "nav" | "aside" | "main" | "figure" | "figcaption" | "form" | "fieldset"
        | "legend" | "details" | "summary" | "body" | "html" => Role::Block,
        _ => Role::Inline,
    }
}

/// How the tokenizer must read what follows a start tag: as text up to the
/// matching end tag (`<script>`, `<style>`, `<title>`), or as markup.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        "title" | "textarea" => Some(RawKind::Rcdata),
        _ => None,
    }
}

#[derive(Default)]
struct Text {
    out: String,
    /// Open hidden elements, by name; their text is dropped.
    hidden: Vec<String>,
    /// Inside `<head>` (ended by `</head>` or by `<body>`, whichever comes).
    in_head: bool,
    /// Open `<pre>` elements.
    pre: usize,
    /// White space seen since the last character kept.
    space: bool,
}

impl Text {
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        match name {
            "head" => self.in_head = start,
            "body" => self.in_head = false,
            // Anything but what a head holds ends it, as in a browser: a
            // page may never close its head nor open its body.
            "title" | "meta" | "link" | "style" | "script" | "base" | "noscript" | "template"
            | "xml" => {}
            _ if start => self.in_head = false,
            _ => {}
        }
        if let Some(open) = self.hidden.last() {
            if !start && open == name {
                self.hidden.pop();
            } else if start && open == name && !tag.self_closing {
                self.hidden.push(name.to_string());
            }
            return TokenSinkResult::Continue;
        }
        match role(name) {
            Role::Hidden => {
                if start && !tag.self_closing {
                    self.hidden.push(name.to_string());
                    if let Some(kind) = raw_kind(name) {
                        return TokenSinkResult::RawData(kind);
                    }
                }
            }
            Role::Break => self.break_line(),
            Role::Pre => {
                self.end_line();
                if start {
                    self.pre += 1;
                } else {
                    self.pre = self.pre.saturating_sub(1);
                }
            }
            Role::Block => self.end_line(),
            Role::Inline => {}
        }
        if start {
            if let Some(kind) = raw_kind(name) {
                return TokenSinkResult::RawData(kind);
            }
        }
        TokenSinkResult::Continue
    }

    fn characters(&mut self, s: &str) {
        if !self.hidden.is_empty() {
            return;
        }
        if self.in_head {
            if s.chars().all(char::is_whitespace) {
                return;
            }
            // Text ends the head too.
            self.in_head = false;
        }
        if self.pre > 0 {
            for c in s.chars() {
                match c {
                    '\r' => {}
                    '\n' => self.break_line(),
                    c => self.out.push(c),
                }
            }
            return;
        }
        for c in s.chars() {
            // HTML's white space, and the no-break space that Word writes
            // between words and for empty paragraphs.
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C' | '\u{A0}') {
                self.space = true;
                continue;
            }
            if self.space && !self.at_line_start() {
                self.out.push(' ');
            }
            self.space = false;
            self.out.push(c);
        }
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Ends the current line, if it has anything on it.
    fn end_line(&mut self) {
        if !self.at_line_start() {
            self.out.push('\n');
        }
        self.space = false;
    }

    /// A `<br>`: ends the line even when it is empty.
    fn break_line(&mut self) {
        self.out.push('\n');
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.end_line();
        self.out
    }
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut text = self.text.borrow_mut();
        match token {
            Token::TagToken(tag) => text.tag(&tag),
            Token::CharacterTokens(s) => {
                text.characters(&s);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_cells_and_breaks_become_lines() {
        let html = "<html><head><title>Microsoft Word - kh110.doc</title>\n\
            <style>p.MsoNormal { font-family: \"Times New Roman\" }</style></head>\n\
            <body lang=VI><table><tr><td><p class=MsoNormal align=center>\
            <span>ỦY BAN NHÂN DÂN<br>HUYỆN TRÀ BỒNG</span></p></td>\n\
            <td><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p></td></tr></table>\n\
            <p class=MsoNormal>Số:\n  110/KH-UBND</p></body></html>";
        assert_eq!(
            html_text(html),
            "ỦY BAN NHÂN DÂN\nHUYỆN TRÀ BỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 110/KH-UBND\n"
        );
    }

    #[test]
    fn character_references_are_read() {
        let html = "<p>K&#7871; ho&#7841;ch s&ocirc;&#x301; 5 &amp; c&aacute;c&nbsp;v&#259;n b&#7843;n &lt;ph&#7909; l&#7909;c&gt;</p>";
        assert_eq!(
            html_text(html),
            "Kế hoạch sô\u{301} 5 & các văn bản <phụ lục>\n"
        );
    }

    #[test]
    fn scripts_styles_comments_and_word_xml_are_left_out() {
        let html = "<body><script>if (a < b) { document.write('<p>x</p>'); }</script>\
            <!--[if gte mso 9]><xml><w:WordDocument>100</w:WordDocument></xml><![endif]-->\
            <style>td { color: red }</style>\
            <p>Quyết định <!-- ghi chú --> số 5</p><xml><o:shapedefaults/>z</xml>\
            <noscript><p>Bật JavaScript</p></noscript>\
            <noframes><p>Trình duyệt không hiện khung</p></noframes></body>";
        assert_eq!(html_text(html), "Quyết định số 5\n");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let html = "<p>Trên</p><pre>Điều 1.\n    Khoản  1\r\nKhoản 2</pre><p>Dưới</p>";
        assert_eq!(
            html_text(html),
            "Trên\nĐiều 1.\n    Khoản  1\nKhoản 2\nDưới\n"
        );
    }

    #[test]
    fn a_head_left_open_ends_at_the_body_or_at_what_a_head_does_not_hold() {
        let html = "<html><head><meta charset=utf-8><title>x</title><body><p>Báo cáo</p>";
        assert_eq!(html_text(html), "Báo cáo\n");
        let html = "<html><head><title>x</title>\n<p>Báo cáo</p><p>số 5</p></html>";
        assert_eq!(html_text(html), "Báo cáo\nsố 5\n");
        let html = "<html><head><title>x</title>\nKế hoạch số 5</html>";
        assert_eq!(html_text(html), "Kế hoạch số 5\n");
    }

    #[test]
    fn a_declared_windows_1258_is_found() {
        for page in [
            &b"<html><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1258\">"[..],
            b"<HTML><HEAD><META CHARSET='Windows-1258'>",
            b"<meta charset = cp1258 />",
        ] {
            assert_eq!(declared_encoding(page), Some(Encoding::Windows1258));
        }
        for page in [
            &b"<meta charset=\"windows-1252\"><p>charset=windows-1258</p>"[..],
            b"<meta charset=\"utf-8\">",
            b"<html><body>no declaration</body></html>",
        ] {
            // The first declaration counts.
            assert_eq!(declared_encoding(page), None);
        }
    }

    #[test]
    fn web_pages_are_told_by_their_first_bytes() {
        assert!(looks_like_html(b"\xEF\xBB\xBF\r\n  <!DOCTYPE HTML PUBLIC"));
        assert!(looks_like_html(
            b"<html xmlns:v=\"urn:schemas-microsoft-com:vml\">"
        ));
        assert!(looks_like_html(b"<HTML>"));
        assert!(!looks_like_html(b"<p>not a page</p>"));
        assert!(!looks_like_html(b"K\xE1\xBA\xBF ho\xE1\xBA\xA1ch <html"));
        assert!(!looks_like_html(b"<ht"));
    }
}
