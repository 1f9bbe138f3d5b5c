//! Web archives (`.mht`, `.mhtml`): a page and its pictures in one MIME
//! message, as Word saves a "Single File Web Page" and browsers save a page.
//!
//! The page is the first part of type `text/html` (the message itself when
//! it is not multipart); its transfer encoding (quoted-printable or base64)
//! is undone, and the bytes are read as a web page is (see `html`): the
//! encoding from the text, not from the part's `charset`.

use base64::Engine;

use super::DecodeError;

/// Whether bytes that carry no telling name look like a web archive: MIME
/// headers that declare a `multipart/related` message.
pub(super) fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let (headers, _) = split_headers(head);
    headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("mime-version"))
        && header(&headers, "content-type").is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/related")
        })
}

/// The bytes of the archive's page, its transfer encoding undone.
pub(super) fn mhtml_page(bytes: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let damaged = |why: &str| DecodeError::Container(format!("not a readable web archive: {why}"));
    let (headers, body) = split_headers(bytes);
    let content_type =
        header(&headers, "content-type").ok_or_else(|| damaged("no Content-Type"))?;
    let (page_headers, page) = if content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/")
    {
        let boundary =
            parameter(&content_type, "boundary").ok_or_else(|| damaged("no boundary"))?;
        parts(body, boundary.as_bytes())
            .map(split_headers)
            .find(|(headers, _)| {
                header(headers, "content-type")
                    .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"))
            })
            .ok_or_else(|| damaged("no text/html part"))?
    } else {
        (headers, body)
    };
    let encoding = header(&page_headers, "content-transfer-encoding")
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match encoding.as_str() {
        "quoted-printable" => Ok(quoted_printable::decode(
            page,
            quoted_printable::ParseMode::Robust,
        )
        .unwrap_or_else(|_| page.to_vec())),
        "base64" => {
            let compact: Vec<u8> = page
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(&compact)
                .map_err(|e| damaged(&format!("page in bad base64 ({e})")))
        }
        _ => Ok(page.to_vec()),
    }
}

type Headers = Vec<(String, String)>;

/// The headers before the first empty line (folded lines unfolded), and the
/// body after it.
fn split_headers(bytes: &[u8]) -> (Headers, &[u8]) {
    let mut headers: Headers = Vec::new();
    let mut rest = bytes;
    loop {
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
        let line = &rest[..end];
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return (headers, &rest[end..]);
        }
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        } else {
            // Not a header: the body starts here.
            return (headers, rest);
        }
        if end == rest.len() {
            return (headers, &rest[end..]);
        }
        rest = &rest[end..];
    }
}

fn header(headers: &Headers, name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

/// A parameter of a header value (`boundary="----=_NextPart_01"`).
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|param| {
        let (key, v) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of a multipart body: what lies between lines that start with
/// `--boundary`, up to `--boundary--`.
fn parts<'a>(body: &'a [u8], boundary: &[u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut delimiter = b"--".to_vec();
    delimiter.extend_from_slice(boundary);
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&body[at..], &delimiter) {
        let i = at + i;
        let line_start = i == 0 || body[i - 1] == b'\n';
        let end = memchr::memchr(b'\n', &body[i..]).map_or(body.len(), |n| i + n + 1);
        if line_start {
            let closing = body[i + delimiter.len()..].starts_with(b"--");
            starts.push((i, if closing { usize::MAX } else { end }));
        }
        at = end;
        if at >= body.len() {
            break;
        }
    }
    (0..starts.len()).filter_map(move |k| {
        let (_, from) = starts[k];
        if from == usize::MAX {
            return None;
        }
        let to = starts.get(k + 1).map_or(body.len(), |&(line, _)| line);
        body.get(from..to)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORD: &[u8] = b"MIME-Version: 1.0\r\n\
Content-Type: multipart/related;\r\n\
\tboundary=\"----=_NextPart_01D9A1B2.C3D4E5F0\"\r\n\
\r\n\
This document is a Single File Web Page, also known as a Web Archive file.\r\n\
\r\n\
------=_NextPart_01D9A1B2.C3D4E5F0\r\n\
Content-Location: file:///C:/D1E3A5B0/kh110.htm\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
Content-Type: text/html; charset=\"windows-1258\"\r\n\
\r\n\
<html xmlns:v=3D\"urn:schemas-microsoft-com:vml\">\r\n\
<body><p class=3DMsoNormal>K=D5 ho=B9ch s=E8 110/KH-UBND v=E1 vi=D6c tuy=\r\n\
=AAn truy=D2n</p></body></html>\r\n\
\r\n\
------=_NextPart_01D9A1B2.C3D4E5F0\r\n\
Content-Location: file:///C:/D1E3A5B0/kh110_files/image001.png\r\n\
Content-Transfer-Encoding: base64\r\n\
Content-Type: image/png\r\n\
\r\n\
iVBORw0KGgo=\r\n\
\r\n\
------=_NextPart_01D9A1B2.C3D4E5F0--\r\n";

    #[test]
    fn the_page_part_is_found_and_its_transfer_encoding_undone() {
        assert!(looks_like_mhtml(WORD));
        let page = mhtml_page(WORD).unwrap();
        assert!(page.starts_with(b"<html xmlns:v=\"urn:schemas-microsoft-com:vml\">"));
        // A soft line break joins the two halves of a word.
        assert!(page.windows(b"tuy\xAAn".len()).any(|w| w == b"tuy\xAAn"));
        assert!(!page.windows(9).any(|w| w == b"image001."));
    }

    #[test]
    fn a_base64_page_is_decoded() {
        let page = base64::engine::general_purpose::STANDARD
            .encode("<html><body><p>Báo cáo số 42/BC-UBND</p></body></html>");
        let wrapped: Vec<String> = page
            .as_bytes()
            .chunks(20)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let message = format!(
            "From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: multipart/related;\n \
             type=\"text/html\"; boundary=\"----MultipartBoundary--x\"\n\n\
             ------MultipartBoundary--x\nContent-Type: text/html\n\
             Content-Transfer-Encoding: base64\n\n{}\n------MultipartBoundary--x--\n",
            wrapped.join("\n")
        );
        assert!(looks_like_mhtml(message.as_bytes()));
        let got = mhtml_page(message.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "<html><body><p>Báo cáo số 42/BC-UBND</p></body></html>"
        );
    }

    #[test]
    fn a_message_without_a_page_is_reported() {
        let message = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n\
--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n";
        assert!(matches!(
            mhtml_page(message),
            Err(DecodeError::Container(why)) if why.contains("no text/html part")
        ));
        assert!(!looks_like_mhtml(
            b"Subject: hello\r\n\r\nMIME-Version: 1.0"
        ));
        assert!(!looks_like_mhtml(
            b"Content-Type: multipart/related\r\n\r\n"
        ));
    }
}
