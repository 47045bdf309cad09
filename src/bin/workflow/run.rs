//! `workflow run`: runs a definition in process with `workflow-local` (mocked tasks, virtual
//! time) and prints how it ended; `--batch` runs one execution per JSON line of standard input.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use workflow::core::model::MachineType;
use workflow::{Format, Options, check};
use workflow_local::{Execution, MockConfig, MockConfigError, Mocks, Runner, Status};

/// The options of `workflow run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The definition file (JSON or YAML; `-` reads standard input). Not with `--batch`.
    #[arg(required_unless_present = "batch")]
    file: Option<String>,
    /// The execution input: JSON text, or `@file` to read it from a file.
    #[arg(long, default_value = "{}")]
    input: String,
    /// A Step Functions Local mock configuration file (`MockConfigFile`) for the tasks.
    #[arg(long)]
    mocks: Option<PathBuf>,
    /// The test case of the mock configuration to use (needed when it has more than one).
    #[arg(long = "test-case", requires = "mocks")]
    test_case: Option<String>,
    /// The state machine type, for validation.
    #[arg(long = "type", value_enum, default_value_t = MachineArg::Standard)]
    machine_type: MachineArg,
    /// Print the result as one JSON object.
    #[arg(long)]
    json: bool,
    /// Write the execution history (the `get-execution-history` JSON shape) to this file.
    #[arg(long = "history-out")]
    history_out: Option<PathBuf>,
    /// Draw the execution over the picture of the definition: an HTML page with each state
    /// coloured by how it ran and the event timeline (as `workflow render --history` draws).
    #[arg(long)]
    render: Option<PathBuf>,
    /// Read executions from standard input, one JSON object a line
    /// (`{"definition", "input", "type", "name", "mocks", "test_case"}`), and print one result
    /// line each.
    #[arg(long, conflicts_with_all = ["file", "mocks", "history_out", "render"])]
    batch: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum MachineArg {
    Standard,
    Express,
}

impl MachineArg {
    fn machine_type(self) -> MachineType {
        match self {
            MachineArg::Standard => MachineType::Standard,
            MachineArg::Express => MachineType::Express,
        }
    }

    fn options(self) -> Options {
        Options {
            machine_type: Some(self.machine_type()),
        }
    }
}

/// Runs the subcommand: exit 0 when every execution succeeded, 1 when one did not (or a
/// definition is invalid), 2 on a usage or I/O error.
pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    if args.batch {
        return batch();
    }
    let file = args.file.as_deref().unwrap_or("-");
    let text = super::read(file)?;
    let input = match args.input.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?
        }
        None => args.input.clone(),
    };
    let input: serde_json::Value =
        serde_json::from_str(&input).map_err(|e| anyhow::anyhow!("the input is not JSON: {e}"))?;
    let mocks = match &args.mocks {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            Some(mocks_of(
                &MockConfig::from_json(&text)?,
                args.test_case.as_deref(),
            )?)
        }
        None => None,
    };
    let report = check(&text, Format::from_path(file), &args.machine_type.options());
    let Some(validated) = report.validated() else {
        super::print_text(&mut std::io::stderr().lock(), file, &text, &report)?;
        return Ok(ExitCode::from(1));
    };
    let mut runner = Runner::new(validated);
    runner.config_mut().machine_type = args.machine_type.machine_type();
    if let Some(mocks) = mocks {
        runner = runner.with_mocks(mocks);
    }
    let execution = runner.run(input);
    if let Some(path) = &args.history_out {
        let history = serde_json::to_string_pretty(&execution.history.to_json())?;
        std::fs::write(path, history + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    if let Some(path) = &args.render {
        let picture = execution
            .history
            .render_html(validated, &super::picture_title(file));
        std::fs::write(path, picture)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", result_json(None, &execution))?;
    } else {
        for line in execution.outcome_lines() {
            writeln!(out, "{line}")?;
        }
    }
    Ok(exit_code(execution.status == Status::Succeeded))
}

/// The mocks of a configuration's test case: the named one, or the only one there is.
fn mocks_of(config: &MockConfig, test_case: Option<&str>) -> anyhow::Result<Mocks> {
    match config.test_case_mocks(test_case) {
        Err(MockConfigError::AmbiguousTestCase(n)) => {
            anyhow::bail!("the mock configuration has {n} test cases; choose one with --test-case")
        }
        result => Ok(result?),
    }
}

/// `--batch`: one execution per line of standard input, one result line each.
fn batch() -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    let mut all_succeeded = true;
    for (number, line) in stdin.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let result = match run_line(&line) {
            Ok((name, execution)) => {
                all_succeeded &= execution.status == Status::Succeeded;
                result_json(name.as_deref(), &execution)
            }
            Err((name, message)) => {
                all_succeeded = false;
                let mut result =
                    serde_json::json!({"line": number + 1, "status": "INVALID", "error": message});
                if let Some(name) = name {
                    result["name"] = name.into();
                }
                result
            }
        };
        writeln!(out, "{result}")?;
    }
    Ok(exit_code(all_succeeded))
}

/// One batch line: its name and the execution, or its name (when it has one) and why it could
/// not run.
fn run_line(line: &str) -> Result<(Option<String>, Execution), (Option<String>, String)> {
    let request: serde_json::Value =
        serde_json::from_str(line).map_err(|e| (None, format!("the line is not JSON: {e}")))?;
    let name = request["name"].as_str().map(str::to_string);
    run_request(&request)
        .map(|execution| (name.clone(), execution))
        .map_err(|message| (name, message))
}

/// The execution a batch line asks for, or why it could not run.
fn run_request(request: &serde_json::Value) -> Result<Execution, String> {
    let definition = match &request["definition"] {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => return Err("the line has no \"definition\"".into()),
        object => object.to_string(),
    };
    let machine_type = match request["type"]
        .as_str()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("STANDARD") => MachineArg::Standard,
        Some("EXPRESS") => MachineArg::Express,
        Some(other) => return Err(format!("unknown type '{other}' (STANDARD or EXPRESS)")),
    };
    let input = match &request["input"] {
        serde_json::Value::Null => serde_json::json!({}),
        serde_json::Value::String(text) => serde_json::from_str(text)
            .map_err(|e| format!("the \"input\" text is not JSON: {e}"))?,
        value => value.clone(),
    };
    let format = if definition.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    };
    let report = check(&definition, format, &machine_type.options());
    let Some(validated) = report.validated() else {
        let messages: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect();
        return Err(format!(
            "the definition is not valid: {}",
            messages.join("; ")
        ));
    };
    let mut runner = Runner::new(validated);
    runner.config_mut().machine_type = machine_type.machine_type();
    if request["mocks"].is_object() {
        let config =
            MockConfig::from_json(&request["mocks"].to_string()).map_err(|e| e.to_string())?;
        let mocks = mocks_of(&config, request["test_case"].as_str()).map_err(|e| e.to_string())?;
        runner = runner.with_mocks(mocks);
    }
    Ok(runner.run(input))
}

fn result_json(name: Option<&str>, execution: &Execution) -> serde_json::Value {
    let mut result = serde_json::json!({
        "status": execution.status.as_str(),
        "states": execution.states_entered(),
    });
    if let Some(name) = name {
        result["name"] = name.into();
    }
    if let Some(output) = &execution.output {
        result["output"] = output.clone();
    }
    if let Some(error) = &execution.error {
        result["error"] = error.clone().into();
    }
    if let Some(cause) = &execution.cause {
        result["cause"] = cause.clone().into();
    }
    if let Some(pending) = &execution.pending {
        result["pending"] = serde_json::json!({
            "state": pending.state,
            "token": pending.token,
            "parameters": pending.parameters,
        });
    }
    result
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
