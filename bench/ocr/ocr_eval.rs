//! Command-line access to the syllable inventory and the OCR repair, for the
//! measurement scripts in bench/ocr.
//!
//!     ocr_eval inventory            one folded syllable a line
//!     ocr_eval repair < words.txt   word \t reading:cost \t reading:cost ...
//!
//! Words are given as written (any case) and go through `ocr::repair_word`.
//! Parameters can be overridden for tuning with environment variables
//! `OCR_PRIOR_WEIGHT`, `OCR_MAX_CHANNEL_COST`, `OCR_MAX_SPREAD`,
//! `OCR_KEEP_VALID_POSTERIOR`, `OCR_FOLD_COST`, `OCR_COMMON_COUNT`.
//!
//! Build: add to Cargo.toml
//!     [[example]] name = "ocr_eval" path = "bench/ocr/ocr_eval.rs"
//! and run `cargo run --release --example ocr_eval -- repair`.

use std::io::{self, BufRead, BufWriter, Write};

use vanban::{ocr, syllable};

fn env_f32(name: &str, default: f32) -> f32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn params_from_env() -> ocr::RepairParams {
    let d = ocr::RepairParams::default();
    ocr::RepairParams {
        common_count: env_f32("OCR_COMMON_COUNT", d.common_count as f32) as u32,
        prior_weight: env_f32("OCR_PRIOR_WEIGHT", d.prior_weight),
        max_channel_cost: env_f32("OCR_MAX_CHANNEL_COST", d.max_channel_cost),
        max_spread: env_f32("OCR_MAX_SPREAD", d.max_spread),
        keep_valid_posterior: env_f32("OCR_KEEP_VALID_POSTERIOR", d.keep_valid_posterior),
        fold_cost: env_f32("OCR_FOLD_COST", d.fold_cost),
    }
}

fn main() -> io::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match mode.as_str() {
        "inventory" => {
            let mut all: Vec<&str> = syllable::inventory().collect();
            all.sort_unstable();
            for s in all {
                writeln!(out, "{s}")?;
            }
        }
        "repair" => {
            let params = params_from_env();
            let tuned = params != ocr::RepairParams::default();
            for line in io::stdin().lock().lines() {
                let word = line?;
                let word = word.trim();
                write!(out, "{word}")?;
                let readings = if tuned {
                    ocr::repair_word_with(word, &params)
                } else {
                    ocr::repair_word(word)
                };
                for r in readings {
                    write!(out, "\t{}:{:.3}", r.text, r.cost)?;
                }
                writeln!(out)?;
            }
        }
        _ => {
            eprintln!("usage: ocr_eval inventory | repair < words");
            std::process::exit(2);
        }
    }
    Ok(())
}
