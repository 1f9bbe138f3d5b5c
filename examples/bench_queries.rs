//! Query latency of an index: every query of a file, one at a time, through
//! `vanban::search::search` (ranking, stored text and snippets included:
//! the cost a person pays for each search), timed end to end.
//!
//! ```text
//! cargo run --release --example bench_queries -- --index /tmp/idx --queries queries.txt
//! 52 queries x 3 timed passes (3 warm-up), limit 10: p50 0.91 ms, p95 2.40 ms, mean 1.10 ms; 0 queries with no hit
//! ```
//!
//! `--sort newest` (or `oldest`) times the hits in order of date instead;
//! `--spelling` looks first for words no document holds, as `vanban
//! search` does, and counts the queries it changes.
//!
//! `--json` prints one machine-readable line instead:
//! `{"queries":52,"timed":156,"p50_ms":..,"p95_ms":..,"mean_ms":..,"max_ms":..,"zero_hit_queries":..,"per_query":[..]}`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use vanban::filters::Filters;
use vanban::search::{search_sorted, Sort};
use vanban::store::Store;

struct Args {
    index: PathBuf,
    queries: PathBuf,
    warmup: usize,
    repeat: usize,
    limit: usize,
    sort: Sort,
    spelling: bool,
    json: bool,
}

const USAGE: &str = "usage: bench_queries --index DIR --queries FILE [--warmup 3] [--repeat 3] [--limit 10] [--sort relevance|newest|oldest] [--spelling] [--json]";

fn parse_args() -> Result<Args, String> {
    let mut index = None;
    let mut queries = None;
    let (mut warmup, mut repeat, mut limit, mut json) = (3, 3, 10, false);
    let mut sort = Sort::Relevance;
    let mut spelling = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--index" => index = Some(PathBuf::from(value("--index")?)),
            "--queries" => queries = Some(PathBuf::from(value("--queries")?)),
            "--warmup" => {
                warmup = value("--warmup")?
                    .parse()
                    .map_err(|e| format!("--warmup: {e}"))?
            }
            "--repeat" => {
                repeat = value("--repeat")?
                    .parse()
                    .map_err(|e| format!("--repeat: {e}"))?
            }
            "--limit" => {
                limit = value("--limit")?
                    .parse()
                    .map_err(|e| format!("--limit: {e}"))?
            }
            "--sort" => {
                let v = value("--sort")?;
                sort = clap::ValueEnum::from_str(&v, true)
                    .map_err(|_| format!("--sort: {v}?\n{USAGE}"))?;
            }
            "--spelling" => spelling = true,
            "--json" => json = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(Args {
        index: index.ok_or(USAGE)?,
        queries: queries.ok_or(USAGE)?,
        warmup,
        repeat: repeat.max(1),
        limit,
        sort,
        spelling,
        json,
    })
}

/// The `p`-th percentile (0..=100) of sorted values, interpolated linearly
/// (the same rule as the peers' harness).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = (sorted.len() - 1) as f64 * p / 100.0;
    let lo = i.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo as f64)
}

fn run(args: &Args) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.queries)
        .map_err(|e| format!("{}: {e}", args.queries.display()))?;
    let queries: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if queries.is_empty() {
        return Err(format!("{}: no queries", args.queries.display()));
    }
    let t0 = Instant::now();
    let store = Store::open(&args.index).map_err(|e| e.to_string())?;
    let open_ms = t0.elapsed().as_secs_f64() * 1e3;

    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut totals = vec![0usize; queries.len()];
    for pass in 0..args.warmup + args.repeat {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let mut searched = q.to_string();
            if args.spelling {
                let searcher = store.searcher().map_err(|e| e.to_string())?;
                if let Some(c) = vanban::spelling::correct(&searcher, &store.fields, q)
                    .map_err(|e| format!("{q}: {e}"))?
                {
                    if pass == 0 {
                        eprintln!("corrected: {q} -> {}", c.query);
                    }
                    searched = c.query;
                }
            }
            let result = search_sorted(
                &store,
                &searched,
                &Filters::default(),
                args.sort,
                args.limit,
            )
            .map_err(|e| format!("{q}: {e}"))?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(&result);
            if pass >= args.warmup {
                per_query[i].push(ms);
                totals[i] = result.total;
            }
        }
    }
    let mut all: Vec<f64> = per_query.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let mean = all.iter().sum::<f64>() / all.len() as f64;
    let zero = totals.iter().filter(|&&t| t == 0).count();
    let (p50, p95) = (percentile(&all, 50.0), percentile(&all, 95.0));
    let max = all.last().copied().unwrap_or(f64::NAN);
    if args.json {
        let per: Vec<serde_json::Value> = queries
            .iter()
            .zip(&per_query)
            .zip(&totals)
            .map(|((q, ms), total)| {
                let mut s = ms.clone();
                s.sort_by(f64::total_cmp);
                serde_json::json!({"query": q, "total": total, "median_ms": percentile(&s, 50.0)})
            })
            .collect();
        let line = serde_json::json!({
            "queries": queries.len(), "timed": all.len(), "warmup": args.warmup,
            "repeat": args.repeat, "limit": args.limit, "open_ms": open_ms,
            "p50_ms": p50, "p95_ms": p95, "mean_ms": mean, "max_ms": max,
            "zero_hit_queries": zero, "per_query": per,
        });
        println!("{line}");
    } else {
        println!(
            "{} queries x {} timed passes ({} warm-up), limit {}: p50 {:.2} ms, p95 {:.2} ms, mean {:.2} ms, max {:.2} ms; {} queries with no hit; index opened in {:.1} ms",
            queries.len(), args.repeat, args.warmup, args.limit, p50, p95, mean, max, zero, open_ms
        );
        let mut slow: Vec<(f64, &str, usize)> = per_query
            .iter()
            .zip(&queries)
            .zip(&totals)
            .map(|((ms, q), t)| (ms.iter().sum::<f64>() / ms.len() as f64, *q, *t))
            .collect();
        slow.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("slowest:");
        for (ms, q, t) in slow.iter().take(5) {
            println!("  {ms:8.2} ms  {t:>7} hits  {q}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
