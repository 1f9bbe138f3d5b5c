//! Printing results for people and for programs.
//!
//! Text output is coloured only on a terminal; piped output is plain, so
//! `vanban search ... | grep` sees the words as they are. JSON output keeps
//! field names stable: tools rely on them.

use std::io::{self, Write};

use crate::search::{Hit, SearchResult};

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
        if !hit.title.is_empty() {
            writeln!(out, "    {}", style.paint("1", &hit.title))?;
        }
        if !hit.snippet.is_empty() {
            writeln!(out, "    {}", highlighted(hit, style))?;
        }
    }
    let shown = result.hits.len();
    if result.total > shown {
        writeln!(out, "({} of {} matching documents)", shown, result.total)?;
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
