//! The `workflow` command: validate, format and draw Amazon States Language definitions, and
//! print the CloudFormation template of one.
//!
//! Exit status: 0 when every file is valid (warnings allowed), 1 when any file is invalid,
//! 2 on a usage or I/O error.

#[path = "workflow/run.rs"]
mod run;
#[cfg(feature = "serve")]
#[path = "workflow/serve.rs"]
mod serve;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::process::ExitCode;
use workflow::core::Validated;
use workflow::core::emit::dsl::type_name_for;
use workflow::core::model::MachineType;
use workflow::core::render::{ExecutionHistory, RenderFormat, RenderOptions, render};
use workflow::core::rules::Rule;
use workflow::core::template::{App, StateMachineSpec, Value};
use workflow::core::{Level, LintLevels};
use workflow::{Diagnostic, Format, Options, Report, Severity, check};

#[derive(Parser, Debug)]
#[command(
    name = "workflow",
    version,
    about = "Validate and format AWS Step Functions state machine definitions (Amazon States Language)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check definitions (JSON or YAML; `-` reads standard input) against every rule.
    Validate {
        /// The state machine type the definitions will be deployed as.
        #[arg(long = "type", value_enum, default_value_t = TypeArg::Standard)]
        machine_type: TypeArg,
        /// `text` prints rustc-style reports; `json` prints one JSON object per diagnostic.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Do not report this lint (its code, or `warnings` for every warning). Repeatable; when
        /// flags name the same lint, the last one wins.
        #[arg(long = "allow", value_name = "LINT")]
        allow: Vec<String>,
        /// Report this lint as a warning. Repeatable.
        #[arg(long = "warn", value_name = "LINT")]
        warn: Vec<String>,
        /// Report this lint as an error (`--deny warnings` denies every warning). Repeatable.
        #[arg(long = "deny", value_name = "LINT")]
        deny: Vec<String>,
        /// Report no lint above this level: `--cap-lints warn` fails only on what AWS rejects.
        #[arg(long = "cap-lints", value_enum, value_name = "LEVEL")]
        cap_lints: Option<LintLevelArg>,
        /// Definition files.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print a rule's text, why it exists, its level and evidence, and an example.
    Explain {
        /// The rule's code, e.g. `unknown-states-error`.
        rule: String,
    },
    /// Print a definition in canonical form (stable field order, two-space indent).
    Fmt {
        /// The state machine type, for validation.
        #[arg(long = "type", value_enum, default_value_t = TypeArg::Standard)]
        machine_type: TypeArg,
        /// Fail (exit 1) instead of printing when the file is not already canonical.
        #[arg(long)]
        check: bool,
        /// The definition file (`-` reads standard input).
        file: String,
    },
    /// Draw a definition as Mermaid, Graphviz DOT, SVG or an HTML page, optionally coloured by
    /// an execution history (the JSON of `GetExecutionHistory`).
    Render {
        /// The state machine type, for validation.
        #[arg(long = "type", value_enum, default_value_t = TypeArg::Standard)]
        machine_type: TypeArg,
        /// The picture's format.
        #[arg(long, value_enum)]
        format: RenderArg,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "out")]
        out: Option<std::path::PathBuf>,
        /// Colour the states by this execution history (JSON, as `aws stepfunctions
        /// get-execution-history` prints it).
        #[arg(long)]
        history: Option<String>,
        /// Fail (exit 1) instead of writing when the `--out` file does not already hold this
        /// picture.
        #[arg(long, requires = "out")]
        check: bool,
        /// The definition file (JSON or YAML; `-` reads standard input).
        file: String,
    },
    /// Print a definition as Rust source: a `workflow!` item that emits the same ASL, with
    /// typed integrations where the resource is known, and the state names, comments,
    /// placeholders and state order kept.
    Import {
        /// The workflow's type name; by default, the file's name in UpperCamelCase.
        #[arg(long)]
        name: Option<String>,
        /// The definition file (JSON or YAML; `-` reads standard input).
        file: String,
    },
    /// Print the CloudFormation template of one definition: the state machine, its
    /// least-privilege execution role derived from the definition, and one parameter per
    /// `${Placeholder}`.
    Template {
        /// The state machine type.
        #[arg(long = "type", value_enum, default_value_t = TypeArg::Standard)]
        machine_type: TypeArg,
        /// The state machine's name (`StateMachineName`); unset, CloudFormation generates one.
        #[arg(long)]
        name: Option<String>,
        /// Write to this file instead of standard output: YAML when it ends in `.yaml` or
        /// `.yml`, else JSON.
        #[arg(short = 'o', long = "out")]
        out: Option<std::path::PathBuf>,
        /// The definition file (JSON or YAML; `-` reads standard input).
        file: String,
    },
    /// Run a definition in process: mocked tasks, virtual time, the history AWS would write.
    Run(run::RunArgs),
    /// Serve the Step Functions API on a local endpoint (AWS JSON 1.0), with executions run in
    /// process: SDKs, the AWS CLI and activity workers use it as AWS.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// List the validator's rules.
    Rules {
        /// Print the rules table as Markdown (the source of docs/rules.md).
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum TypeArg {
    Standard,
    Express,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RenderArg {
    Mermaid,
    Dot,
    Svg,
    Html,
}

impl RenderArg {
    fn format(self) -> RenderFormat {
        match self {
            RenderArg::Mermaid => RenderFormat::Mermaid,
            RenderArg::Dot => RenderFormat::Dot,
            RenderArg::Svg => RenderFormat::Svg,
            RenderArg::Html => RenderFormat::Html,
        }
    }
}

/// A lint level on the command line.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum LintLevelArg {
    Allow,
    Warn,
    Deny,
}

impl LintLevelArg {
    fn level(self) -> Level {
        match self {
            LintLevelArg::Allow => Level::Allow,
            LintLevelArg::Warn => Level::Warn,
            LintLevelArg::Deny => Level::Deny,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum OutputFormat {
    Text,
    Json,
}

impl TypeArg {
    fn machine_type(self) -> MachineType {
        match self {
            TypeArg::Standard => MachineType::Standard,
            TypeArg::Express => MachineType::Express,
        }
    }

    fn options(self) -> Options {
        Options {
            machine_type: Some(self.machine_type()),
        }
    }
}

/// The state machine's logical id: the ASCII letters and digits of its name, or else of the
/// file name (`order-fulfillment.asl.json` → `OrderFulfillment`), capitalized after each
/// dropped character; `StateMachine` when none is left.
fn logical_id(name: Option<&str>, file: &str) -> String {
    let source = name.map_or_else(|| picture_title(file), str::to_string);
    let mut id = String::new();
    let mut upper = true;
    for c in source.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert_str(0, "StateMachine");
    }
    id
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let lint_flags = lint_flags_in_order(&matches);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(cli, lint_flags) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `validate`'s `--allow`, `--warn` and `--deny` in command-line order, since (as with rustc's
/// `-A`, `-W` and `-D`) the last flag that names a lint sets its level.
fn lint_flags_in_order(matches: &clap::ArgMatches) -> Vec<(String, Level)> {
    let Some(("validate", m)) = matches.subcommand() else {
        return Vec::new();
    };
    let mut flags = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        if let (Some(names), Some(indices)) = (m.get_many::<String>(id), m.indices_of(id)) {
            flags.extend(indices.zip(names).map(|(i, name)| (i, name.clone(), level)));
        }
    }
    flags.sort_by_key(|(index, ..)| *index);
    flags
        .into_iter()
        .map(|(_, name, level)| (name, level))
        .collect()
}

fn run(cli: Cli, lint_flags: Vec<(String, Level)>) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate {
            machine_type,
            format,
            cap_lints,
            files,
            ..
        } => {
            let options = machine_type.options();
            let mut levels = LintLevels::default();
            for (name, level) in lint_flags {
                if let Err(e) = levels.set(&name, level) {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            }
            if let Some(cap) = cap_lints
                && let Err(e) = levels.cap(cap.level())
            {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
            let mut any_invalid = false;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for file in &files {
                let text = read(file)?;
                let mut report = check(&text, Format::from_path(file), &options);
                report.apply_lint_levels(&levels);
                any_invalid |= !report.is_valid();
                match format {
                    OutputFormat::Text => print_text(&mut out, file, &text, &report)?,
                    OutputFormat::Json => print_json(&mut out, file, &report)?,
                }
            }
            Ok(ExitCode::from(u8::from(any_invalid)))
        }
        Command::Fmt {
            machine_type,
            check: check_only,
            file,
        } => with_valid(&file, machine_type, |validated, text| {
            let canonical = validated.to_json_string();
            if check_only {
                if canonical != text {
                    eprintln!("{file}: not in canonical form (run `workflow fmt {file}`)");
                    return Ok(ExitCode::from(1));
                }
                return Ok(ExitCode::SUCCESS);
            }
            std::io::stdout().lock().write_all(canonical.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Render {
            machine_type,
            format,
            out,
            history,
            check: check_only,
            file,
        } => with_valid(&file, machine_type, |validated, _| {
            let history = match &history {
                Some(path) => Some(
                    ExecutionHistory::from_json(&read(path)?)
                        .map_err(|e| anyhow::anyhow!("{path} is not an execution history: {e}"))?,
                ),
                None => None,
            };
            let title = picture_title(&file);
            let options = RenderOptions {
                title: &title,
                history: history.as_ref(),
            };
            let picture = render(validated, format.format(), &options);
            match out {
                Some(path) if check_only => {
                    if std::fs::read(&path).ok().as_deref() != Some(picture.as_bytes()) {
                        eprintln!(
                            "{}: stale (run `workflow render {file} --format {} -o {}`)",
                            path.display(),
                            format.format().as_str(),
                            path.display()
                        );
                        return Ok(ExitCode::from(1));
                    }
                }
                Some(path) => std::fs::write(&path, picture)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
                None => std::io::stdout().lock().write_all(picture.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }),
        Command::Template {
            machine_type,
            name,
            out,
            file,
        } => with_valid(&file, machine_type, |validated, _| {
            let asl = validated.to_json_string();
            let mut spec = StateMachineSpec::from_asl(logical_id(name.as_deref(), &file), &asl)
                .machine_type(machine_type.machine_type());
            if let Some(name) = &name {
                spec = spec.name(Value::literal(name));
            }
            let template = App::standalone(spec, &asl)
                .description(format!("The state machine of {}", picture_title(&file)))
                .to_template()?;
            let yaml = out
                .as_ref()
                .is_some_and(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
            let text = if yaml {
                template.to_yaml_string()
            } else {
                template.to_json_string()
            };
            match out {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
                None => std::io::stdout().lock().write_all(text.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }),
        Command::Import { name, file } => with_valid(&file, TypeArg::Standard, |validated, _| {
            let name = match name {
                Some(name) if is_type_name(&name) => name,
                Some(name) => anyhow::bail!("`{name}` is not a Rust type name"),
                None => type_name_for(&picture_title(&file)),
            };
            let dsl = validated.to_dsl(&name);
            std::io::stdout().lock().write_all(dsl.source.as_bytes())?;
            if !dsl.json_states.is_empty() {
                eprintln!(
                    "note: written as JSON, the DSL's escape hatch, since they use what the \
                     DSL has no form for: {}",
                    dsl.json_states.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }),
        Command::Run(args) => run::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::serve(args),
        Command::Explain { rule } => {
            let Some(rule) = Rule::from_code(&rule) else {
                let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
                eprintln!(
                    "error: no rule `{rule}`: {}",
                    workflow::core::did_you_mean::help(&rule, &codes)
                );
                return Ok(ExitCode::from(2));
            };
            print!("{}", explain(rule));
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { markdown } => {
            let mut out = std::io::stdout().lock();
            if markdown {
                out.write_all(rules_markdown().as_bytes())?;
            } else {
                for rule in Rule::ALL {
                    writeln!(
                        out,
                        "{:<26} {:<8} {}",
                        rule.code(),
                        rule.level(),
                        rule.summary()
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads and checks the definition `file`; runs `then` on the validated machine and its text,
/// or prints the diagnostics and exits 1 when it is not valid.
fn with_valid(
    file: &str,
    machine_type: TypeArg,
    then: impl FnOnce(Validated<'_>, &str) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let text = read(file)?;
    let report = check(&text, Format::from_path(file), &machine_type.options());
    let Some(validated) = report.validated() else {
        print_text(&mut std::io::stderr().lock(), file, &text, &report)?;
        return Ok(ExitCode::from(1));
    };
    then(validated, &text)
}

/// An ASCII identifier that can name a type.
fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The file name without its folder and its `.asl.json`/`.json`/`.yaml` ending.
fn picture_title(file: &str) -> String {
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    [
        ".asl.json",
        ".asl.yaml",
        ".asl.yml",
        ".json",
        ".yaml",
        ".yml",
    ]
    .iter()
    .find_map(|ext| name.strip_suffix(ext))
    .map_or(name.clone(), str::to_string)
}

fn read(file: &str) -> anyhow::Result<String> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {file}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{file} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// rustc-style report of every diagnostic, then the summary.
fn print_text(out: &mut dyn Write, file: &str, text: &str, report: &Report) -> std::io::Result<()> {
    for d in &report.diagnostics {
        write!(out, "{}", d.rustc_style(file, Some(text)))?;
        if d.rule.is_lint() {
            writeln!(out, "   = note: {}", lint_note(d))?;
        }
        writeln!(out)?;
    }
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    if errors == 0 {
        writeln!(
            out,
            "{file}: valid{}",
            if warnings > 0 {
                format!(" ({warnings} warning{})", plural(warnings))
            } else {
                String::new()
            }
        )
    } else {
        writeln!(
            out,
            "{file}: invalid ({errors} error{}, {warnings} warning{})",
            plural(errors),
            plural(warnings)
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_json(out: &mut dyn Write, file: &str, report: &Report) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let value = diagnostic_json(file, d);
        writeln!(out, "{value}")?;
    }
    Ok(())
}

fn diagnostic_json(file: &str, d: &Diagnostic) -> serde_json::Value {
    let pos = d.pos.unwrap_or_default();
    serde_json::json!({
        "file": file,
        "line": pos.line,
        "column": pos.column,
        "severity": d.severity.to_string(),
        "level": d.level.as_str(),
        "code": d.code(),
        "message": d.message,
        "help": d.help,
        "pointer": d.location.pointer,
        "state": d.location.state_path,
    })
}

/// Where a lint's level comes from and how to change it, as rustc notes it.
fn lint_note(d: &Diagnostic) -> String {
    let code = d.code();
    let origin = if d.level == d.rule.level() {
        "by default"
    } else {
        "by the command line"
    };
    match d.level {
        Level::Deny => format!(
            "lint `{code}` is denied {origin} (AWS accepts the definition); `--allow {code}` or `--cap-lints warn` lets it through"
        ),
        _ => format!("lint `{code}` warns {origin}; `--allow {code}` silences it"),
    }
}

/// `workflow explain RULE`: the rule's text, why, level, evidence and example.
fn explain(rule: Rule) -> String {
    let kind = if rule.is_lint() {
        format!(
            "a lint, {} by default: AWS accepts the definition",
            rule.level()
        )
    } else {
        "an error: AWS rejects the definition".to_string()
    };
    format!(
        "{code}: {summary}\n\nlevel: {kind}\nwhy: {why}\nevidence: {evidence}\nexample that breaks it: {example}\n",
        code = rule.code(),
        summary = rule.summary(),
        why = rule.why(),
        evidence = rule.evidence(),
        example = rule.example(),
    )
}

/// The rules table in Markdown, generated from the rules themselves.
fn rules_markdown() -> String {
    let mut s = String::from(
        "# Validation rules\n\n\
         Generated by `workflow rules --markdown` from `workflow-core/src/rules.rs`; a test keeps this file in sync.\n\n\
         Every diagnostic has one of these codes. The level says what it means, as in rustc: `error` is a definition AWS rejects and cannot be changed; `deny` and `warn` are lints, for definitions AWS accepts. Errors and denied lints make `workflow validate` exit 1; warnings do not. `--allow LINT`, `--warn LINT`, `--deny LINT` (or `--deny warnings`) change a lint's level, and `--cap-lints warn` keeps only what AWS rejects as errors. `workflow explain CODE` prints one rule.\n\n\
         | code | level | what it checks | why | evidence | example that breaks it |\n|---|---|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            rule.code(),
            rule.level(),
            md(rule.summary()),
            md(rule.why()),
            md(rule.evidence()),
            md_code(rule.example())
        ));
    }
    s
}

fn md(s: &str) -> String {
    s.replace('|', "\\|")
}

fn md_code(s: &str) -> String {
    if s.contains('{') || s.contains('"') {
        format!("`{}`", s.replace('|', "\\|").replace('`', "'"))
    } else {
        md(s)
    }
}
