//! The `leakscan` binary: parse arguments, run the library, map the outcome to an
//! exit code. All logic lives in the library.

mod cli;

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use leakscan::{error::chain, Diagnostics, Outcome};

fn main() -> ExitCode {
    let cli = cli::Cli::parse_from(cli::expand_shorthand(std::env::args_os().collect()));
    let mut diag = Diagnostics::new(cli.is_quiet()).with_verbose(cli.is_verbose());
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        diag = diag.with_prompt(Box::new(ask));
    }
    let cfg = match cli.into_config(&diag) {
        Ok(cfg) => cfg,
        Err(err) => return fail(&err),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = leakscan::run(&cfg, &mut out, &diag);
    let flushed = out.flush();
    match result {
        Ok(outcome) => match flushed {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                fail(&leakscan::Error::Output(e))
            }
            _ => ExitCode::from(outcome.code()),
        },
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

/// Ask on the terminal; only an explicit yes is consent.
fn ask(question: &str) -> bool {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{question}");
    }
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes" | "YES")
}

fn fail(err: &leakscan::Error) -> ExitCode {
    #[allow(clippy::print_stderr)]
    {
        // The message may quote scanned content (a path, a config value).
        eprintln!("leakscan: error: {}", leakscan::report::escape(&chain(err)));
    }
    ExitCode::from(Outcome::Incomplete.code())
}
