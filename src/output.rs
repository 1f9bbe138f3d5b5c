//! Printing results for people and for programs.
//!
//! Text output is coloured only on a terminal; piped output is plain, so
//! `vanban search ... | grep` sees the words as they are. JSON output keeps
//! field names stable: tools rely on them.

use std::io::{self, Write};

use crate::citation::Relation;
use crate::document::Document;
use crate::refs::{self, Edge, Node, Refs, Status};
use crate::search::{Hit, SearchResult};
use crate::stats::{Count, Stats};

/// How to style text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours and bold.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// `s` in double quotes, as typed: a message naming a path shows
/// `"lưu.zip!\2021\kh.txt"`, not the doubled backslashes of `{:?}`. Only
/// control characters, which a terminal would act on, are escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Writes search hits as text: rank, score, path, title, then the snippet
/// with the matched words highlighted.
pub fn write_hits(out: &mut dyn Write, result: &SearchResult, style: Style) -> io::Result<()> {
    for (i, hit) in result.hits.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {} {}",
            i + 1,
            style.paint("2", &format!("{:6.2}", hit.score)),
            style.paint("35", &hit.path)
        )?;
        if let Some(meta) = hit_meta(hit) {
            writeln!(out, "    {}", style.paint("36", &meta))?;
        }
        if !hit.title.is_empty() {
            writeln!(out, "    {}", style.paint("1", &hit.title))?;
        }
        if !hit.snippet.is_empty() {
            writeln!(out, "    {}", highlighted(hit, style))?;
        }
    }
    let shown = result.hits.len();
    if result.total > shown {
        let about = if result.total_exact { "" } else { "about " };
        writeln!(
            out,
            "({shown} of {about}{} matching documents)",
            result.total
        )?;
    }
    Ok(())
}

/// The snippet with its highlights in bold colour (on a terminal) or as is.
fn highlighted(hit: &Hit, style: Style) -> String {
    if !style.color {
        return hit.snippet.clone();
    }
    let mut s = String::with_capacity(hit.snippet.len() + 16 * hit.highlights.len());
    let mut at = 0;
    for r in &hit.highlights {
        if r.start < at || r.end > hit.snippet.len() {
            continue;
        }
        s.push_str(&hit.snippet[at..r.start]);
        s.push_str(&style.paint("1;31", &hit.snippet[r.clone()]));
        at = r.end;
    }
    s.push_str(&hit.snippet[at..]);
    s
}

/// Writes one value as a line of JSON.
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Writes search hits as CSV (RFC 4180): a row of column names, then one
/// row a hit, in order: number, date, type (its name, `Kế hoạch`),
/// issuer, title, path, score, snippet. It opens with a byte-order mark,
/// so that Excel reads the Vietnamese as UTF-8, and a cell that opens with
/// `=`, `+`, `-` or `@` (a snippet opening on "- Căn cứ ...") takes a `'`
/// before it, so that a spreadsheet shows it as text and never runs it as
/// a formula.
pub fn write_csv(out: &mut dyn Write, result: &SearchResult) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "number", "date", "type", "issuer", "title", "path", "score", "snippet",
    ])?;
    let or_empty = |s: &Option<String>| s.as_deref().map(as_text).unwrap_or_default();
    for hit in &result.hits {
        w.write_record([
            or_empty(&hit.number),
            or_empty(&hit.date),
            hit.doc_type
                .as_deref()
                .map(|code| crate::doctype::by_code(code).map_or(code, |t| t.name))
                .map(as_text)
                .unwrap_or_default(),
            or_empty(&hit.issuer),
            as_text(&hit.title),
            as_text(&hit.path),
            format!("{:.2}", hit.score),
            as_text(&hit.snippet),
        ])?;
    }
    w.flush()
}

/// A spreadsheet cell that reads as text: see [`write_csv`].
fn as_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The JSON of `vanban parse` for one document: the header's fields at the
/// top level, then its citations.
pub fn parsed_json(doc: &Document) -> serde_json::Value {
    let h = &doc.header;
    let t = h.doc_type;
    serde_json::json!({
        "path": doc.path,
        "number": h.number,
        "type": t.map(|t| t.code),
        "type_name": t.map(|t| t.name),
        "date": h.date.map(|d| d.to_string()),
        "place": h.place,
        "issuer": h.issuer,
        "title": h.title,
        "signer": {
            "name": h.signer.as_ref().and_then(|s| s.name.clone()),
            "authority": h.signer.as_ref().and_then(|s| s.authority.clone()),
            "position": h.signer.as_ref().and_then(|s| s.position.clone()),
        },
        "warnings": h.warnings.iter().chain(&doc.warnings).collect::<Vec<_>>(),
        "citations": doc.citations,
        "encoding": doc.encoding,
    })
}

/// One line naming a document: number, type, date, issuer, path.
pub fn candidate_line(doc: &Document) -> String {
    let mut parts: Vec<String> = Vec::new();
    let h = &doc.header;
    if let Some(n) = &h.number {
        parts.push(n.clone());
    }
    if let Some(d) = h.date {
        parts.push(d.to_string());
    }
    if let Some(i) = &h.issuer {
        parts.push(i.clone());
    }
    parts.push(doc.path.clone());
    parts.join("  ")
}

/// The metadata of a hit on one line: `110/KH-UBND · Kế hoạch · 2021-01-11 · UBND tỉnh Long An`.
fn hit_meta(hit: &Hit) -> Option<String> {
    let parts: Vec<String> = [
        hit.number.clone(),
        hit.doc_type
            .as_deref()
            .and_then(crate::doctype::by_code)
            .map(|t| t.name.to_string()),
        hit.date.clone(),
        hit.issuer.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Writes what the header reader and citation reader found in a document.
pub fn write_parsed(out: &mut dyn Write, doc: &Document, style: Style) -> io::Result<()> {
    let h = &doc.header;
    let t = h.doc_type;
    writeln!(out, "{}", style.paint("35", &doc.path))?;
    let field = |out: &mut dyn Write, name: &str, value: Option<String>| -> io::Result<()> {
        writeln!(
            out,
            "  {:<9} {}",
            format!("{name}:"),
            value.as_deref().unwrap_or("-")
        )
    };
    field(out, "number", h.number.clone())?;
    field(out, "type", t.map(|t| format!("{} ({})", t.name, t.code)))?;
    field(out, "date", h.date.map(|d| d.to_string()))?;
    field(out, "place", h.place.clone())?;
    field(out, "issuer", h.issuer.clone())?;
    field(out, "title", h.title.clone())?;
    let signer = h.signer.as_ref().map(|s| {
        [
            s.authority.as_deref(),
            s.position.as_deref(),
            s.name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
    });
    field(out, "signer", signer)?;
    for w in h.warnings.iter().chain(&doc.warnings) {
        writeln!(out, "  warning:  {w}")?;
    }
    if !doc.citations.is_empty() {
        // One line per document cited and relation, in the order of first
        // citation, with how often (a law cites its decree many times).
        // The date is that of the citation that gives one; two dates are
        // two documents (numbers without a year repeat).
        let mut lines: Vec<(&str, &str, Option<String>, usize)> = Vec::new();
        for c in &doc.citations {
            let (relation, number) = (c.relation.as_str(), c.label());
            let date = c.date.map(|d| d.to_string());
            match lines.iter_mut().find(|(r, n, d, _)| {
                *r == relation && *n == number && (d.is_none() || date.is_none() || *d == date)
            }) {
                Some((_, _, first, times)) => {
                    *times += 1;
                    if first.is_none() {
                        *first = date;
                    }
                }
                None => lines.push((relation, number, date, 1)),
            }
        }
        writeln!(out, "  cites:")?;
        for (relation, number, date, n) in lines {
            let date = date.map(|d| format!(" of {d}")).unwrap_or_default();
            let times = if n > 1 {
                format!(" ({n} times)")
            } else {
                String::new()
            };
            writeln!(out, "    {relation:<12} {number}{date}{times}")?;
        }
    }
    Ok(())
}

/// Writes index statistics as text.
pub fn write_stats(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    match s.documents {
        1 => writeln!(out, "1 document")?,
        n => writeln!(out, "{n} documents")?,
    }
    fn section<T: std::fmt::Display>(
        out: &mut dyn Write,
        name: &str,
        counts: &[Count<T>],
    ) -> io::Result<()> {
        writeln!(out, "\nby {name}:")?;
        for c in counts {
            let value = c
                .value
                .as_ref()
                .map_or_else(|| "(not stated)".to_string(), |v| v.to_string());
            writeln!(out, "  {:>7}  {}", c.count, value)?;
        }
        Ok(())
    }
    section(out, "type", &s.by_type)?;
    section(out, "year", &s.by_year)?;
    section(out, "issuer", &s.by_issuer)
}

/// Writes what a document cites and what cites it, grouped by relation.
pub fn write_refs(out: &mut dyn Write, r: &Refs, style: Style) -> io::Result<()> {
    let d = &r.doc;
    let name = [d.number.clone(), d.date.clone(), d.issuer.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    if d.path.is_empty() {
        writeln!(out, "{} (not in the index)", style.paint("1", &name))?;
    } else {
        writeln!(
            out,
            "{}  {}",
            style.paint("1", &name),
            style.paint("35", &d.path)
        )?;
        if !d.title.is_empty() {
            writeln!(out, "  {}", d.title)?;
        }
    }
    writeln!(out, "\nCites:")?;
    if r.cites.is_empty() {
        writeln!(out, "  (nothing)")?;
    }
    for rel in Relation::ALL {
        let group: Vec<_> = r.cites.iter().filter(|c| c.relation == rel).collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out, "  {}:", refs::cites_heading(rel))?;
        for c in group {
            let mut line = c.label().to_string();
            if let Some(date) = &c.date {
                line.push_str(&format!(" of {date}"));
            }
            if let Some(issuer) = &c.issuer {
                line.push_str(&format!(" ({issuer})"));
            }
            let status = match c.status {
                Status::Linked => style.paint("32", c.path.as_deref().unwrap_or_default()),
                Status::NotIndexed => style.paint("2", "not in the index"),
                Status::Ambiguous => style.paint("33", "ambiguous: several indexed documents fit"),
            };
            writeln!(out, "    {line}  → {status}")?;
            for cand in &c.candidates {
                let when = cand.date.as_deref().unwrap_or("?");
                let who = cand.issuer.as_deref().unwrap_or("?");
                writeln!(out, "        candidate: {when} {who}  {}", cand.path)?;
            }
        }
    }
    writeln!(out, "\nCited by:")?;
    if r.cited_by.is_empty() {
        writeln!(out, "  (nothing indexed cites it)")?;
    }
    for rel in Relation::ALL {
        let group: Vec<_> = r.cited_by.iter().filter(|c| c.relation == rel).collect();
        if group.is_empty() {
            continue;
        }
        writeln!(out, "  {}:", refs::cited_by_heading(rel))?;
        for c in group {
            let name = [c.number.clone(), c.date.clone(), c.issuer.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let flag = if c.ambiguous {
                " (citation fits other documents too)"
            } else {
                ""
            };
            writeln!(out, "    {name}  {}{flag}", style.paint("35", &c.path))?;
        }
    }
    Ok(())
}

/// Writes a citation graph in Graphviz's DOT language.
pub fn write_dot(out: &mut dyn Write, nodes: &[Node], edges: &[Edge]) -> io::Result<()> {
    let quote = |s: &str| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        format!("\"{escaped}\"")
    };
    writeln!(out, "digraph refs {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box, fontname=\"Helvetica\"];")?;
    for n in nodes {
        let style = if n.indexed { "" } else { ", style=dashed" };
        writeln!(
            out,
            "  {} [label={}{style}];",
            quote(&n.id),
            quote(&n.label)
        )?;
    }
    for e in edges {
        // A link the citation does not settle is dashed, its label asks.
        let (label, style) = if e.doubtful {
            (format!("{}?", e.relation), ", style=dashed")
        } else {
            (e.relation.to_string(), "")
        };
        writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(&e.from),
            quote(&e.to),
            quote(&label)
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_name_keeps_its_backslashes() {
        assert_eq!(quoted(r"lưu.zip!\2021\kh.txt"), r#""lưu.zip!\2021\kh.txt""#);
        assert_eq!(quoted("a\nb\u{1b}"), r#""a\nb\u{1b}""#);
    }

    #[test]
    fn csv_rows_read_back_as_written_and_never_as_formulas() {
        let hit = |snippet: &str, doc_type: Option<&str>| Hit {
            path: "lưu/kh 1.txt".into(),
            score: 2.4871,
            title: "Kế hoạch \"Dân vận khéo\", năm 2024".into(),
            snippet: snippet.into(),
            highlights: Vec::new(),
            number: Some("110/KH-UBND".into()),
            doc_type: doc_type.map(String::from),
            date: Some("2024-03-08".into()),
            issuer: None,
        };
        let result = SearchResult {
            query: "dân vận".into(),
            total: 2,
            total_exact: true,
            corrected: None,
            hits: vec![
                hit("- Căn cứ Luật Tổ chức\nchính quyền địa phương;", Some("KH")),
                hit("=SUM(A1)", Some("XX")),
            ],
        };
        let mut out = Vec::new();
        write_csv(&mut out, &result).unwrap();
        let text = String::from_utf8(out).unwrap();
        let body = text.strip_prefix('\u{feff}').expect("a byte-order mark");
        let mut r = csv::Reader::from_reader(body.as_bytes());
        let names: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            names,
            ["number", "date", "type", "issuer", "title", "path", "score", "snippet"]
        );
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "110/KH-UBND");
        assert_eq!(&rows[0][1], "2024-03-08");
        // The type's name, or its code when it has none.
        assert_eq!(&rows[0][2], "Kế hoạch");
        assert_eq!(&rows[1][2], "XX");
        assert_eq!(&rows[0][3], "");
        assert_eq!(&rows[0][4], "Kế hoạch \"Dân vận khéo\", năm 2024");
        assert_eq!(&rows[0][5], "lưu/kh 1.txt");
        assert_eq!(&rows[0][6], "2.49");
        assert_eq!(
            &rows[0][7],
            "'- Căn cứ Luật Tổ chức\nchính quyền địa phương;"
        );
        assert_eq!(&rows[1][7], "'=SUM(A1)");
    }
}
