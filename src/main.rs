//! The `vanban` command: parse the arguments, run, map the outcome to an
//! exit code (0 found, 1 nothing found, 2 error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = vanban::cli::Cli::parse();
    match vanban::cli::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            if vanban::cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("vanban: {err:#}");
            vanban::cli::Outcome::Error.into()
        }
    }
}
