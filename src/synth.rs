//! Synthesis from a user's program: a `main` that builds an [`App`] and hands it to [`main`]
//! gets the commands
//!
//! * `synth --out DIR`: writes `DIR/template.json`, `DIR/template.yaml` and one
//!   `DIR/<Machine>.asl.json` per state machine (named after its logical id), and the files of
//!   the app's parts (e.g. `schema.graphql`), leaving a file that already holds the right text
//!   untouched;
//! * `validate`: builds the template and validates every definition, printing the diagnostics
//!   (exit 1 on an error);
//! * `diff --out DIR`: compares a fresh synthesis with the files in `DIR`, printing a
//!   unified-style line diff per changed file (exit 1 when any differs).
//! * `render --format svg|html|mermaid|dot --out DIR`: writes one picture per state machine,
//!   `DIR/<Machine>.svg` (`.html`, `.mmd`, `.dot`), named after its logical id.
//! * `run --machine ID --input JSON|@FILE [--mocks FILE --test-case NAME] [--render OUT.html]`:
//!   runs one state machine in process with `workflow-local` (tasks answered by a Step
//!   Functions Local mock configuration, waits and retries on a virtual clock), printing one
//!   line per state entered or exited with its offset on that clock, then how it ended; with
//!   `--render`, an HTML picture of the definition coloured by the execution.
//!
//! ```no_run
//! use workflow::core::template::App;
//! # use workflow::{MachineType, Workflow};
//! # struct Orders;
//! # impl Workflow for Orders {
//! #     const NAME: &'static str = "Orders";
//! #     const ASL: &'static str = "{}\n";
//! #     const MACHINE_TYPE: MachineType = MachineType::Standard;
//! #     const PLACEHOLDERS: &'static [&'static str] = &[];
//! # }
//!
//! fn main() -> std::process::ExitCode {
//!     let app = App::new()
//!         .description("Orders")
//!         .state_machine(workflow::synth::machine::<Orders>());
//!     workflow::synth::main(app)
//! }
//! ```
//!
//! Every output is deterministic: the same app gives the same bytes.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use workflow_core::template::{App, StateMachineSpec, Template, TemplateError, Value};

use crate::{Diagnostic, Format, MachineType, Options, Severity, Workflow, check};

/// A state machine of the stack from a [`Workflow`]: logical id [`Workflow::NAME`] (its ASCII
/// letters and digits), type [`Workflow::MACHINE_TYPE`], definition [`Workflow::ASL`], and
/// `StateMachineName` `<stack name>-<NAME>` (so two stacks of one account do not clash; call
/// [`StateMachineSpec::name`] to change it). Bind its [`Workflow::PLACEHOLDERS`] with
/// [`StateMachineSpec::substitution`].
///
/// # Panics
///
/// When `NAME` holds no ASCII letter or digit.
pub fn machine<W: Workflow>() -> StateMachineSpec {
    let id: String = W::NAME
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    assert!(
        !id.is_empty(),
        "workflow `{}` has no letter or digit to make a logical id of",
        W::NAME
    );
    StateMachineSpec::from_asl(id.clone(), W::ASL)
        .machine_type(W::MACHINE_TYPE)
        .name(Value::sub(format!("${{AWS::StackName}}-{id}")))
}

#[derive(Parser, Debug)]
#[command(about = "Synthesize, validate or diff this program's CloudFormation stack")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write template.json, template.yaml and one <Machine>.asl.json per state machine.
    Synth {
        /// The folder to write to (created if needed).
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Build the template and validate every state machine; exit 1 on an error.
    Validate,
    /// Compare a fresh synthesis with the files in a folder; exit 1 when they differ.
    Diff {
        /// The folder holding an earlier synthesis.
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Write one picture per state machine: <Machine>.svg, .html, .mmd or .dot.
    Render {
        /// The picture's format.
        #[arg(long, default_value = "svg", value_parser = ["svg", "html", "mermaid", "dot"])]
        format: String,
        /// The folder to write to (created if needed).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Draw only this state machine (its logical id in the stack).
        #[arg(long)]
        machine: Option<String>,
        /// Colour the states by an execution: the JSON of `GetExecutionHistory` (what
        /// `history --json` prints), for the one machine of `--machine`.
        #[arg(long, requires = "machine")]
        history: Option<PathBuf>,
    },
    /// Run a state machine in process (mocked tasks, virtual time), printing each state as it
    /// is entered and exited; exit 1 unless the execution succeeded.
    Run(RunArgs),
}

/// The options of `run`.
#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The state machine: its logical id in the stack.
    #[arg(long)]
    machine: String,
    /// The execution input: JSON text, or `@file` to read it from a file.
    #[arg(long, default_value = "{}")]
    input: String,
    /// A Step Functions Local mock configuration file (`MockConfigFile`) for the tasks.
    #[arg(long)]
    mocks: Option<PathBuf>,
    /// The test case of the mock configuration (needed when it has more than one).
    #[arg(long = "test-case", requires = "mocks")]
    test_case: Option<String>,
    /// Write an HTML picture of the definition coloured by the execution to this file.
    #[arg(long)]
    render: Option<PathBuf>,
}

/// Runs the command of the process's arguments on `app`, printing to stdout (and errors to
/// stderr). Use it as the whole of a program's `main`.
pub fn main(app: App) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match run(&app, std::env::args_os(), &mut stdout) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if let Some(clap_err) = err.downcast_ref::<clap::Error>() {
                let _ = clap_err.print();
                return ExitCode::from(u8::try_from(clap_err.exit_code()).unwrap_or(2));
            }
            let _ = stdout.flush();
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Runs the command of `args` (the program name first, as in [`std::env::args_os`]) on `app`,
/// writing the report to `out`. Returns the exit code: 0 on success, 1 when `validate` finds an
/// error or `diff` a difference.
///
/// # Errors
///
/// When the arguments are wrong (a [`clap::Error`], which also carries `--help`), the template
/// cannot be built (except for `validate`, which reports it and returns 1), or a file cannot be
/// read or written.
pub fn run<I, T>(app: &App, args: I, out: &mut dyn Write) -> anyhow::Result<u8>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    match cli.command {
        Command::Synth { out: dir } => {
            let files = files(app)?;
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (name, text) in &files {
                let path = dir.join(name);
                if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
                    writeln!(out, "unchanged {}", path.display())?;
                } else {
                    std::fs::write(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    writeln!(out, "wrote     {}", path.display())?;
                }
            }
            Ok(0)
        }
        Command::Validate => validate(app, out),
        Command::Render {
            format,
            out: dir,
            machine,
            history,
        } => render(
            app,
            &format,
            &dir,
            machine.as_deref(),
            history.as_deref(),
            out,
        ),
        Command::Run(args) => run_local(app, &args, out),
        Command::Diff { out: dir } => {
            let mut changed = 0;
            for (name, text) in &files(app)? {
                let path = dir.join(name);
                let old = match std::fs::read(&path) {
                    Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => return Err(e).context(format!("cannot read {}", path.display())),
                };
                if old.as_deref() == Some(text.as_str()) {
                    continue;
                }
                changed += 1;
                write_diff(out, &path, old.as_deref(), text)?;
            }
            if changed == 0 {
                writeln!(out, "{}: up to date", dir.display())?;
                Ok(0)
            } else {
                writeln!(
                    out,
                    "{}: {changed} file{} differ{}",
                    dir.display(),
                    plural(changed),
                    if changed == 1 { "s" } else { "" }
                )?;
                Ok(1)
            }
        }
    }
}

/// Every file a synthesis writes, in order: `template.json`, `template.yaml`, one
/// `<logical id>.asl.json` per state machine, in template order, then the files of the app's
/// parts (such as `schema.graphql`, see [`Template::files`]).
///
/// # Errors
///
/// When the template cannot be built.
pub fn files(app: &App) -> anyhow::Result<Vec<(String, String)>> {
    let template = app.to_template().context("cannot build the template")?;
    let mut files = vec![
        ("template.json".to_string(), template.to_json_string()),
        ("template.yaml".to_string(), template.to_yaml_string()),
    ];
    for (id, asl, _) in machines(&template) {
        files.push((
            format!("{id}{}", crate::generate::EXTENSION),
            asl.to_string(),
        ));
    }
    files.extend(template.files().iter().cloned());
    Ok(files)
}

/// The state machines of a template: logical id, definition text and type.
fn machines(template: &Template) -> Vec<(&str, &str, MachineType)> {
    template
        .resource_ids()
        .into_iter()
        .filter_map(|id| {
            let resource = template.resource(id)?;
            if resource.get("Type")?.as_str()? != "AWS::StepFunctions::StateMachine" {
                return None;
            }
            let props = resource.get("Properties")?;
            let asl = props.get("DefinitionString")?.as_str()?;
            let machine_type = match props.get("StateMachineType").and_then(|t| t.as_str()) {
                Some("EXPRESS") => MachineType::Express,
                _ => MachineType::Standard,
            };
            Some((id, asl, machine_type))
        })
        .collect()
}

/// Writes `<logical id>.<extension>` per state machine (or for `machine` alone) into `dir`,
/// coloured by the execution history in the file `history` when there is one.
fn render(
    app: &App,
    format: &str,
    dir: &Path,
    machine: Option<&str>,
    history: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    use workflow_core::history::ExecutionHistory;
    use workflow_core::render::{RenderFormat, RenderOptions};
    let format = RenderFormat::parse(format)
        .with_context(|| format!("unknown picture format `{format}`"))?;
    let template = app.to_template().context("cannot build the template")?;
    let mut machines = machines(&template);
    if let Some(wanted) = machine {
        let ids: Vec<&str> = machines.iter().map(|(id, ..)| *id).collect();
        if !ids.contains(&wanted) {
            anyhow::bail!(
                "the stack has no state machine `{wanted}` (it has: {})",
                ids.join(", ")
            );
        }
        machines.retain(|(id, ..)| *id == wanted);
    }
    let history = match history {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let parsed = ExecutionHistory::from_json(&text)
                .with_context(|| format!("{} is not an execution history", path.display()))?;
            Some(parsed)
        }
        None => None,
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (id, asl, machine_type) in machines {
        let options = Options {
            machine_type: Some(machine_type),
        };
        let report = check(asl, Format::Json, &options);
        let Some(validated) = report.validated() else {
            print_diagnostics(out, id, &report.diagnostics)?;
            writeln!(out, "{id}: invalid")?;
            return Ok(1);
        };
        let picture = workflow_core::render::render(
            validated,
            format,
            &RenderOptions {
                title: id,
                history: history.as_ref(),
            },
        );
        let path = dir.join(format!("{id}.{}", format.extension()));
        std::fs::write(&path, picture)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(0)
}

/// `run`: one execution of one state machine of the stack, in process.
fn run_local(app: &App, args: &RunArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    use crate::local::{MockConfig, MockConfigError, Runner, Status};
    let template = app.to_template().context("cannot build the template")?;
    let machines = machines(&template);
    let Some((id, asl, machine_type)) = machines.iter().find(|(id, ..)| *id == args.machine) else {
        let ids: Vec<&str> = machines.iter().map(|(id, ..)| *id).collect();
        anyhow::bail!(
            "the stack has no state machine `{}` (it has: {})",
            args.machine,
            ids.join(", ")
        );
    };
    let input = match args.input.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?
        }
        None => args.input.clone(),
    };
    let input: serde_json::Value = serde_json::from_str(&input).context("the input is not JSON")?;
    let options = Options {
        machine_type: Some(*machine_type),
    };
    let report = check(asl, Format::Json, &options);
    let Some(validated) = report.validated() else {
        print_diagnostics(out, id, &report.diagnostics)?;
        writeln!(out, "{id}: invalid")?;
        return Ok(1);
    };
    let mut runner = Runner::new(validated);
    runner.config_mut().machine_type = *machine_type;
    runner.config_mut().state_machine_name = id.to_string();
    if let Some(path) = &args.mocks {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mocks = match MockConfig::from_json(&text)?.test_case_mocks(args.test_case.as_deref()) {
            Err(MockConfigError::AmbiguousTestCase(n)) => anyhow::bail!(
                "the mock configuration has {n} test cases; choose one with --test-case"
            ),
            mocks => mocks?,
        };
        runner = runner.with_mocks(mocks);
    }
    let execution = runner.run(input);
    for line in execution.history.timeline() {
        writeln!(out, "{line}")?;
    }
    for line in execution.outcome_lines() {
        writeln!(out, "{line}")?;
    }
    if let Some(path) = &args.render {
        let picture = execution.history.render_html(validated, id);
        std::fs::write(path, picture)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(u8::from(execution.status != Status::Succeeded))
}

fn validate(app: &App, out: &mut dyn Write) -> anyhow::Result<u8> {
    let template = match app.to_template() {
        Ok(t) => t,
        Err(TemplateError::InvalidDefinition {
            machine,
            diagnostics,
        }) => {
            print_diagnostics(out, &machine, &diagnostics)?;
            writeln!(out, "{machine}: invalid")?;
            return Ok(1);
        }
        Err(e) => {
            writeln!(out, "error: the template cannot be built: {e}")?;
            return Ok(1);
        }
    };
    let mut failed = false;
    for (id, asl, machine_type) in machines(&template) {
        let options = Options {
            machine_type: Some(machine_type),
        };
        let report = check(asl, Format::Json, &options);
        print_diagnostics(out, id, &report.diagnostics)?;
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = report.diagnostics.len() - errors;
        failed |= !report.is_valid();
        if report.is_valid() {
            writeln!(out, "{id}: valid ({warnings} warning{})", plural(warnings))?;
        } else {
            writeln!(
                out,
                "{id}: invalid ({errors} error{}, {warnings} warning{})",
                plural(errors),
                plural(warnings)
            )?;
        }
    }
    writeln!(out, "template: {} resources", template.resource_ids().len())?;
    Ok(u8::from(failed))
}

fn print_diagnostics(out: &mut dyn Write, machine: &str, ds: &[Diagnostic]) -> std::io::Result<()> {
    for d in ds {
        write!(out, "{}", d.rustc_style(machine, None))?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A unified-style diff of `old` (absent: a new file) and `new`, three lines of context.
pub fn write_diff(
    out: &mut dyn Write,
    path: &Path,
    old: Option<&str>,
    new: &str,
) -> std::io::Result<()> {
    let shown = path.display();
    match old {
        Some(_) => writeln!(out, "--- {shown}\n+++ {shown} (synthesized)")?,
        None => writeln!(out, "--- {shown} (missing)\n+++ {shown} (synthesized)")?,
    }
    let a: Vec<&str> = old.map(|o| o.lines().collect()).unwrap_or_default();
    let b: Vec<&str> = new.lines().collect();
    let ops = line_diff(&a, &b);
    // Group the edits into hunks with up to three lines of context around them.
    const CONTEXT: usize = 3;
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changes.len() {
        let start = changes[i].saturating_sub(CONTEXT);
        let mut end = changes[i];
        while i + 1 < changes.len() && changes[i + 1] <= end + 2 * CONTEXT + 1 {
            i += 1;
            end = changes[i];
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let (a_start, b_start) = position(&ops[..start]);
        let a_len = hunk.iter().filter(|o| !matches!(o, Op::Add(_))).count();
        let b_len = hunk.iter().filter(|o| !matches!(o, Op::Del(_))).count();
        writeln!(
            out,
            "@@ -{},{a_len} +{},{b_len} @@",
            a_start + usize::from(a_len > 0),
            b_start + usize::from(b_len > 0)
        )?;
        for op in hunk {
            match op {
                Op::Same(l) => writeln!(out, " {l}")?,
                Op::Del(l) => writeln!(out, "-{l}")?,
                Op::Add(l) => writeln!(out, "+{l}")?,
            }
        }
        i += 1;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op<'a> {
    Same(&'a str),
    Del(&'a str),
    Add(&'a str),
}

/// Lines of `a` and `b` before the ops.
fn position(ops: &[Op<'_>]) -> (usize, usize) {
    let a = ops.iter().filter(|o| !matches!(o, Op::Add(_))).count();
    let b = ops.iter().filter(|o| !matches!(o, Op::Del(_))).count();
    (a, b)
}

/// A line diff: the common prefix and suffix, and a longest common subsequence in between
/// (when the middle is too large for the table, every middle line is replaced).
fn line_diff<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Op<'a>> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op<'a>> = a[..prefix].iter().map(|l| Op::Same(l)).collect();
    if am.len().saturating_mul(bm.len()) > 4_000_000 {
        ops.extend(am.iter().map(|l| Op::Del(l)));
        ops.extend(bm.iter().map(|l| Op::Add(l)));
    } else {
        // lcs[i][j]: the LCS length of am[i..] and bm[j..].
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Op::Same(am[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                ops.push(Op::Del(am[i]));
                i += 1;
            } else {
                ops.push(Op::Add(bm[j]));
                j += 1;
            }
        }
    }
    ops.extend(a[a.len() - suffix..].iter().map(|l| Op::Same(l)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: Option<&str>, new: &str) -> String {
        let mut out = Vec::new();
        write_diff(&mut out, Path::new("f"), old, new).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn unified_diff_has_hunks_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
        assert_eq!(
            diff(Some(old), new),
            "--- f\n+++ f (synthesized)\n@@ -2,9 +2,10 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k\n"
        );
        assert_eq!(
            diff(None, "x\n"),
            "--- f (missing)\n+++ f (synthesized)\n@@ -0,0 +1,1 @@\n+x\n"
        );
        assert_eq!(diff(Some("x\n"), "x\n"), "--- f\n+++ f (synthesized)\n");
    }

    #[test]
    fn usage_errors_are_clap_errors() {
        let mut out = Vec::new();
        let err = run(&App::new(), ["prog", "frobnicate"], &mut out).unwrap_err();
        assert!(err.downcast_ref::<clap::Error>().is_some());
    }
}
