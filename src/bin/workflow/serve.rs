//! `workflow serve`: a local Step Functions endpoint (the `serve` feature).

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use workflow_local::MockConfig;
use workflow_serve::{Clock, DEFAULT_BIND, MemoryStore, Settings, SqliteStore, Store};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on; loopback unless told otherwise.
    #[arg(long, default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    /// A Step Functions Local mock configuration file (`MockConfigFile`): a start on
    /// `stateMachineArn#TestCase` runs with that test case's mocks.
    #[arg(long)]
    mocks: Option<std::path::PathBuf>,
    /// `real`: waits, backoffs and timeouts take their time; `virtual`: waits and backoffs take
    /// none (workers still answer in real time).
    #[arg(long, value_enum, default_value_t = ClockArg::Real)]
    clock: ClockArg,
    /// Keep the endpoint's state in this SQLite file (created if missing) instead of in memory:
    /// machines, activities, executions and every event as it is written. Started again on the
    /// same file, the endpoint resumes the executions that were running.
    #[arg(long)]
    store: Option<std::path::PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum ClockArg {
    Real,
    Virtual,
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let mocks = match &args.mocks {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            Some(MockConfig::from_json(&text)?)
        }
        None => None,
    };
    let settings = Settings {
        mocks,
        clock: match args.clock {
            ClockArg::Real => Clock::Real,
            ClockArg::Virtual => Clock::Virtual,
        },
    };
    let store: Arc<dyn Store> = match &args.store {
        Some(path) => Arc::new(SqliteStore::open(path)?),
        None => Arc::new(MemoryStore::default()),
    };
    workflow_serve::run_until_ctrl_c(args.bind, store, settings, |address| {
        println!("listening on http://{address}");
        // Whoever started the server waits for this line: it must not sit in a buffer.
        let _ = std::io::stdout().flush();
    })
    .map_err(|e| anyhow::anyhow!("cannot serve on {}: {e}", args.bind))?;
    Ok(ExitCode::SUCCESS)
}
