//! The commands of a user's program: `deploy`, `diff`, `destroy`, `start`, `wait`, `history`
//! and `worker` (serves an activity with a handler registered by
//! [`Program::activity_handler`]), next to `synth`, `validate` and every other command of [`workflow::synth`]
//! (any command not listed here is handed to [`workflow::synth::run`] unchanged).
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
//!     let app = App::new().state_machine(workflow::synth::machine::<Orders>());
//!     workflow_deploy::cli::main(app)
//! }
//! ```
//!
//! The AWS configuration comes from the standard chain (environment variables, the shared
//! config and credentials files, instance metadata), narrowed by `--profile`, `--region` and
//! `--endpoint-url` (for a local server such as `moto_server`).
//!
//! Exit codes ([`exit_code`]):
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success (`diff`: no changes) |
//! | 1 | the deploy, destroy or execution failed, was rejected, rolled back or timed out; `diff`: there are changes; `validate`: an invalid definition |
//! | 2 | usage error (unknown command or option, bad `--parameter`, bad stack name) |
//! | 3 | the endpoint cannot be reached, the credentials are missing or refused, or no region is configured |
//!
//! Credentials never appear in the output: only error codes and messages of the service are
//! shown.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use aws_sdk_cloudformation::config::{ProvideCredentials, SharedCredentialsProvider};
use clap::{Args, Parser, Subcommand};
use workflow::core::template::App;

use crate::aws_error::Failure;
use crate::stack::{
    DestroyOutcome, Plan, PlanKind, ProgressEvent, ProgressSink, StackAction, StackDeployer,
    StackError, StackRequest, write_changes,
};
use crate::{ActivityWorker, Deployer, Error, TaskError};

mod local;

/// An error of the command line itself (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

/// No region is configured (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("no AWS region is configured: pass --region, set AWS_REGION, or give the profile a region")]
pub struct NoRegion;

#[derive(Parser, Debug)]
#[command(
    about = "Synthesize, deploy and run this program's workflows",
    after_help = "Every other command (synth, validate, ...) is the one of `workflow::synth`.\n\
                  Exit codes: 0 ok, 1 failed (or diff: changes), 2 usage, 3 unreachable endpoint, credentials or region."
)]
struct Cli {
    #[command(flatten)]
    aws: AwsOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug)]
struct AwsOptions {
    /// The stack name (default: the program's name, `_` turned into `-`).
    #[arg(long, global = true)]
    stack: Option<String>,
    /// The AWS profile of the shared config and credentials files.
    #[arg(long, global = true)]
    profile: Option<String>,
    /// The AWS region.
    #[arg(long, global = true)]
    region: Option<String>,
    /// The endpoint to talk to instead of AWS's (e.g. http://127.0.0.1:5000 for moto_server).
    #[arg(long, global = true)]
    endpoint_url: Option<String>,
    /// A template parameter, KEY=VALUE (repeat for several).
    #[arg(long = "parameter", global = true, value_parser = parse_parameter)]
    parameters: Vec<(String, String)>,
    /// How often to poll stacks and executions, in milliseconds.
    #[arg(long, global = true, default_value_t = 2000)]
    poll_ms: u64,
    /// How long one wait (deploy, destroy, execution) may take, in seconds.
    #[arg(long, global = true, default_value_t = 1800)]
    timeout_secs: u64,
    #[command(flatten)]
    local: LocalOptions,
}

/// `--local`: a local Step Functions endpoint, the program's resources deployed to it
/// directly (no CloudFormation).
#[derive(Args, Debug)]
struct LocalOptions {
    /// Use a local Step Functions endpoint: the one of --endpoint-url (e.g. `workflow serve`),
    /// else one in this process, whose state is kept in --local-state. Resources are deployed
    /// directly, without CloudFormation; no AWS account or credentials are needed.
    #[arg(long, global = true)]
    local: bool,
    /// The SQLite file the in-process endpoint keeps its machines, activities and executions
    /// in, from one command to the next, as `workflow serve --store` does (default:
    /// target/workflow-local/STACK.db).
    #[arg(
        long,
        global = true,
        requires = "local",
        conflicts_with = "endpoint_url"
    )]
    local_state: Option<PathBuf>,
    /// A Step Functions Local mock configuration (`MockConfigFile`) for the in-process
    /// endpoint; it may name the state machines by their logical id in the stack.
    #[arg(
        long,
        global = true,
        requires = "local",
        conflicts_with = "endpoint_url"
    )]
    mocks: Option<PathBuf>,
    /// How the in-process endpoint's executions keep time: `real`, or `virtual` (waits and
    /// backoffs take no time).
    #[arg(long, global = true, requires = "local", conflicts_with = "endpoint_url", default_value = "real", value_parser = ["real", "virtual"])]
    clock: String,
}

fn parse_parameter(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    #[command(flatten)]
    Aws(AwsCommand),
    /// Any other command goes to `workflow::synth`.
    #[command(external_subcommand)]
    Other(Vec<OsString>),
}

/// The commands that talk to AWS.
#[derive(Subcommand, Debug)]
enum AwsCommand {
    /// Create a change set, show it, execute it and follow the stack until it is done.
    Deploy {
        /// Create and show the change set, then delete it: execute nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show the change set against the deployed stack (executes nothing); with --out, compare
    /// a fresh synthesis with the files in a folder instead.
    Diff {
        /// The folder holding an earlier synthesis (local file diff).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Delete the stack and follow it until it is gone (nothing to do when it does not exist).
    Destroy {
        /// Say what would be deleted; delete nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Start an execution; prints its ARN.
    Start {
        /// The state machine: its logical id in the stack, or its ARN.
        #[arg(long)]
        machine: String,
        /// The input JSON, or @FILE to read it from a file (default: {}).
        #[arg(long)]
        input: Option<String>,
        /// The execution name (a second start with the same name and input is idempotent).
        #[arg(long)]
        name: Option<String>,
        /// With --local: the test case of the endpoint's mock configuration that answers the
        /// execution's tasks (the execution is started on `stateMachineArn#TestCase`).
        #[arg(long)]
        test_case: Option<String>,
    },
    /// Wait for an execution to end, printing its events; exit 1 unless it succeeded.
    Wait {
        /// The execution ARN.
        execution_arn: String,
    },
    /// Print an execution's full history.
    History {
        /// The execution ARN.
        execution_arn: String,
        /// Print the JSON of `GetExecutionHistory` (as the AWS CLI does), which
        /// `workflow render --history` draws.
        #[arg(long)]
        json: bool,
    },
    /// Serve an activity of the stack with the handler the program registered for it, until
    /// interrupted (Ctrl-C): then stop polling and finish every task taken.
    Worker {
        /// The activity: its logical id in the stack, or its ARN.
        #[arg(long)]
        activity: String,
        /// The worker name recorded in the execution history.
        #[arg(long, default_value = "workflow-worker")]
        name: String,
        /// How many tasks run at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// Seconds between heartbeats (keep it below the Task state's HeartbeatSeconds).
        #[arg(long, default_value_t = 20)]
        heartbeat_secs: u64,
        /// Stop after this many seconds (default: run until interrupted).
        #[arg(long)]
        stop_after_secs: Option<u64>,
    },
}

/// A registered activity handler: JSON input to JSON output or a task error.
type ErasedHandler = std::sync::Arc<
    dyn Fn(
            serde_json::Value,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<serde_json::Value, TaskError>> + Send>,
        > + Send
        + Sync,
>;

/// A user's program: the app, and how it talks to AWS. [`Program::main`] runs the command of
/// the process's arguments.
pub struct Program {
    app: App,
    credentials: Option<SharedCredentialsProvider>,
    handlers: Vec<(String, ErasedHandler)>,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("app", &self.app)
            .field("credentials", &self.credentials.as_ref().map(|_| "custom"))
            .field(
                "handlers",
                &self.handlers.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Program {
    /// The program for `app`, with the standard AWS configuration chain.
    pub fn new(app: App) -> Program {
        Program {
            app,
            credentials: None,
            handlers: Vec::new(),
        }
    }

    /// Registers the handler that `worker --activity ACTIVITY` runs for each task of the
    /// activity `activity` (its logical id in the stack, or its ARN): the task input is
    /// deserialized into `I`, the output serialized from `O`; an error becomes
    /// `SendTaskFailure` with its error name and cause. See [`ActivityWorker`] for heartbeats,
    /// concurrency and shutdown.
    ///
    /// ```no_run
    /// use workflow::core::template::{ActivitySpec, App};
    /// use workflow_deploy::TaskError;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Request { order: String }
    ///
    /// fn main() -> std::process::ExitCode {
    ///     let app = App::new().activity(ActivitySpec::new("Approval"));
    ///     workflow_deploy::cli::Program::new(app)
    ///         .activity_handler("Approval", |request: Request| async move {
    ///             if request.order.is_empty() {
    ///                 return Err(TaskError::new("NoOrder", "the request names no order"));
    ///             }
    ///             Ok(serde_json::json!({ "approved": true, "order": request.order }))
    ///         })
    ///         .main()
    /// }
    /// ```
    pub fn activity_handler<I, O, H, F>(mut self, activity: &str, handler: H) -> Program
    where
        I: serde::de::DeserializeOwned + Send + 'static,
        O: serde::Serialize + Send + 'static,
        H: Fn(I) -> F + Send + Sync + 'static,
        F: std::future::Future<Output = Result<O, TaskError>> + Send + 'static,
    {
        let handler = std::sync::Arc::new(handler);
        let erased: ErasedHandler = std::sync::Arc::new(move |input: serde_json::Value| {
            let handler = handler.clone();
            Box::pin(async move {
                let input: I = serde_json::from_value(input).map_err(|e| {
                    TaskError::new("InvalidInput", format!("the task input does not fit: {e}"))
                })?;
                let output = handler(input).await?;
                serde_json::to_value(output).map_err(|e| {
                    TaskError::new(
                        "InvalidOutput",
                        format!("the output cannot be written: {e}"),
                    )
                })
            })
        });
        self.handlers.push((activity.to_owned(), erased));
        self
    }

    /// Uses `provider` for credentials instead of the standard chain (e.g. credentials fetched
    /// from a vault, or fixed ones for a local test server).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Program {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Runs the command of the process's arguments, printing the report to stdout and errors
    /// to stderr; the exit code is [`exit_code`]'s.
    pub fn main(self) -> ExitCode {
        let mut stdout = std::io::stdout();
        match self.run(std::env::args_os(), &mut stdout) {
            Ok(code) => ExitCode::from(code),
            Err(err) => {
                let _ = stdout.flush();
                if let Some(clap_err) = err.downcast_ref::<clap::Error>() {
                    let _ = clap_err.print();
                } else {
                    eprintln!("error: {err:#}");
                }
                ExitCode::from(exit_code(&err))
            }
        }
    }

    /// Runs the command of `args` (the program name first), writing the report to `out`.
    /// Returns the exit code of a command that ran (0, or 1 for `diff` with changes and the
    /// delegated commands' own codes).
    ///
    /// # Errors
    ///
    /// Usage errors ([`clap::Error`], [`UsageError`]), [`StackError`], [`Error`] (Step
    /// Functions), [`NoRegion`], I/O errors; [`exit_code`] maps each to the exit code.
    pub fn run<I, T>(&self, args: I, out: &mut (dyn Write + Send)) -> anyhow::Result<u8>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let program = args.first().cloned().unwrap_or_else(|| "workflow".into());
        let cli = Cli::try_parse_from(&args)?;
        let command = match cli.command {
            Command::Other(rest) => {
                let forwarded = std::iter::once(program).chain(rest);
                return workflow::synth::run(&self.app, forwarded, out);
            }
            Command::Aws(AwsCommand::Diff { out: Some(dir) }) => {
                let forwarded: [OsString; 4] =
                    [program, "diff".into(), "--out".into(), dir.into_os_string()];
                return workflow::synth::run(&self.app, forwarded, out);
            }
            Command::Aws(command) => command,
        };
        let stack = match &cli.aws.stack {
            Some(name) => name.clone(),
            None => default_stack_name(&program),
        };
        check_stack_name(&stack)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        runtime.block_on(self.run_command(command, &cli.aws, &stack, out))
    }

    async fn run_command(
        &self,
        command: AwsCommand,
        aws: &AwsOptions,
        stack: &str,
        out: &mut (dyn Write + Send),
    ) -> anyhow::Result<u8> {
        if aws.local.local {
            return self.run_local(command, aws, stack, out).await;
        }
        let clients = Clients::load(aws, self.credentials.clone()).await?;
        match command {
            AwsCommand::Deploy { dry_run } => self.deploy(&clients, aws, stack, dry_run, out).await,
            AwsCommand::Diff { .. } => self.diff(&clients, aws, stack, out).await,
            AwsCommand::Destroy { dry_run } => destroy(&clients, stack, dry_run, out).await,
            AwsCommand::Start {
                test_case: Some(_), ..
            } => Err(UsageError(
                "--test-case names a test case of a local endpoint's mock configuration; add --local"
                    .into(),
            )
            .into()),
            AwsCommand::Start {
                machine,
                input,
                name,
                test_case: None,
            } => {
                start(
                    &clients,
                    stack,
                    &machine,
                    input.as_deref(),
                    name.as_deref(),
                    out,
                )
                .await
            }
            AwsCommand::Wait { execution_arn } => wait(&clients, &execution_arn, out).await,
            AwsCommand::History {
                execution_arn,
                json,
            } => history(&clients, &execution_arn, json, out).await,
            AwsCommand::Worker {
                activity,
                name,
                concurrency,
                heartbeat_secs,
                stop_after_secs,
            } => {
                let handler = self.handler(&activity)?;
                let arn = if activity.starts_with("arn:") {
                    activity.clone()
                } else {
                    clients.stacks.physical_id(stack, &activity).await?
                };
                let worker = ActivityWorker::new(clients.machines.client().clone(), &arn, &name)
                    .concurrency(concurrency.max(1))
                    .heartbeat_interval(Duration::from_secs(heartbeat_secs.max(1)));
                serve_activity(worker, &arn, &name, handler, stop_after_secs, out).await
            }
        }
    }

    /// The handler registered for `activity`.
    fn handler(&self, activity: &str) -> Result<ErasedHandler, UsageError> {
        if let Some((_, handler)) = self.handlers.iter().find(|(id, _)| *id == activity) {
            return Ok(handler.clone());
        }
        let known: Vec<&str> = self.handlers.iter().map(|(id, _)| id.as_str()).collect();
        let hint = workflow_core::did_you_mean::closest(activity, known.clone())
            .map(|m| format!("did you mean {m:?}? or "))
            .unwrap_or_default();
        Err(UsageError(format!(
            "no handler is registered for the activity {activity:?} (registered: {known:?}); {hint}register one with Program::activity_handler"
        )))
    }

    fn request(&self, aws: &AwsOptions, stack: &str) -> anyhow::Result<StackRequest> {
        let template = self
            .app
            .to_template()
            .context("cannot build the template")?;
        let mut request = StackRequest::new(stack, template.to_json_string())?;
        for (key, value) in &aws.parameters {
            request = request.parameter(key, value);
        }
        Ok(request)
    }

    async fn deploy(
        &self,
        clients: &Clients,
        aws: &AwsOptions,
        stack: &str,
        dry_run: bool,
        out: &mut (dyn Write + Send),
    ) -> anyhow::Result<u8> {
        let request = self.request(aws, stack)?;
        let change_set = match clients.stacks.plan(&request).await? {
            Plan::Unchanged { .. } => {
                writeln!(out, "stack {stack}: no changes; nothing to deploy")?;
                let info = clients.stacks.describe(stack).await?;
                if let Some(info) = info {
                    write_outputs(out, &info.outputs)?;
                }
                return Ok(0);
            }
            Plan::Ready(change_set) => change_set,
        };
        let verb = match change_set.kind {
            PlanKind::Create => "create",
            PlanKind::Update => "update",
        };
        writeln!(out, "stack {stack}: change set to {verb} the stack")?;
        write_changes(out, &change_set.changes)?;
        if dry_run {
            clients.stacks.discard(&change_set).await?;
            writeln!(
                out,
                "dry run: the change set was deleted, nothing was executed"
            )?;
            return Ok(0);
        }
        let mut lines = Lines::new(out);
        let result = clients.stacks.execute(&change_set, &mut lines).await;
        lines.finish()?;
        let report = result?;
        let done = match report.action {
            StackAction::Created => "created",
            StackAction::Updated => "updated",
            StackAction::Unchanged => "unchanged",
        };
        writeln!(out, "stack {stack}: {done} ({})", report.status)?;
        write_outputs(out, &report.outputs)?;
        Ok(0)
    }

    async fn diff(
        &self,
        clients: &Clients,
        aws: &AwsOptions,
        stack: &str,
        out: &mut (dyn Write + Send),
    ) -> anyhow::Result<u8> {
        let request = self.request(aws, stack)?;
        match clients.stacks.plan(&request).await? {
            Plan::Unchanged { .. } => {
                writeln!(out, "stack {stack}: no changes")?;
                Ok(0)
            }
            Plan::Ready(change_set) => {
                if change_set.kind == PlanKind::Create {
                    writeln!(
                        out,
                        "stack {stack}: does not exist; a deploy would create it"
                    )?;
                } else {
                    writeln!(out, "stack {stack}: a deploy would change")?;
                }
                write_changes(out, &change_set.changes)?;
                clients.stacks.discard(&change_set).await?;
                Ok(1)
            }
        }
    }
}

/// Runs the command of the process's arguments on `app` (see [`Program::main`]).
pub fn main(app: App) -> ExitCode {
    Program::new(app).main()
}

/// Runs the command of `args` on `app`, writing the report to `out` (see [`Program::run`]).
///
/// # Errors
///
/// As [`Program::run`].
pub fn run<I, T>(app: App, args: I, out: &mut (dyn Write + Send)) -> anyhow::Result<u8>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    Program::new(app).run(args, out)
}

/// The exit code for an error of [`Program::run`]: 2 for usage errors (0 for `--help`), 3 for
/// an unreachable endpoint, refused credentials or a missing region, 1 otherwise.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(clap_err) = err.downcast_ref::<clap::Error>() {
        return u8::try_from(clap_err.exit_code()).unwrap_or(2);
    }
    if err.downcast_ref::<UsageError>().is_some() {
        return 2;
    }
    if err.downcast_ref::<NoRegion>().is_some() {
        return 3;
    }
    match err.downcast_ref::<StackError>() {
        Some(StackError::Unreachable { .. } | StackError::Credentials { .. }) => return 3,
        Some(_) => return 1,
        None => {}
    }
    match err.downcast_ref::<Error>() {
        Some(Error::Unreachable { .. } | Error::Credentials { .. }) => 3,
        Some(Error::Api { message, .. }) if is_credentials_message(message) => 3,
        _ => 1,
    }
}

/// An API error whose text starts with the code of refused credentials or denied access.
fn is_credentials_message(message: &str) -> bool {
    let code = message.split(':').next().unwrap_or_default();
    matches!(
        crate::aws_error::classify_code(code),
        Failure::Credentials | Failure::AccessDenied
    )
}

/// The default stack name: the program's file name without extension, `_` turned into `-`.
fn default_stack_name(program: &OsString) -> String {
    let path = std::path::Path::new(program);
    path.file_stem()
        .map(|s| s.to_string_lossy().replace('_', "-"))
        .unwrap_or_else(|| "workflow".to_owned())
}

/// CloudFormation stack names: a letter, then letters, digits and `-`, at most 128.
fn check_stack_name(name: &str) -> Result<(), UsageError> {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_with_letter
        && name.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(())
    } else {
        Err(UsageError(format!(
            "{name:?} is not a valid stack name: it must start with a letter and hold only letters, digits and '-' (at most 128); pass --stack NAME"
        )))
    }
}

/// The two clients, configured once from the options.
struct Clients {
    stacks: StackDeployer,
    machines: Deployer,
    endpoint: String,
    poll: Duration,
    timeout: Duration,
}

impl Clients {
    async fn load(
        aws: &AwsOptions,
        credentials: Option<SharedCredentialsProvider>,
    ) -> anyhow::Result<Clients> {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(profile) = &aws.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &aws.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(url) = &aws.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(provider) = credentials {
            loader = loader.credentials_provider(provider);
        }
        let config = loader.load().await;
        let Some(region) = config.region().filter(|r| !r.as_ref().is_empty()) else {
            return Err(NoRegion.into());
        };
        let endpoint = match &aws.endpoint_url {
            Some(url) => url.clone(),
            None => format!("the default endpoint of region {region}"),
        };
        let poll = Duration::from_millis(aws.poll_ms.max(1));
        let timeout = Duration::from_secs(aws.timeout_secs);
        Ok(Clients {
            stacks: StackDeployer::new(aws_sdk_cloudformation::Client::new(&config), &endpoint)
                .poll_interval(poll)
                .timeout(timeout),
            machines: Deployer::new(aws_sdk_sfn::Client::new(&config)),
            endpoint,
            poll,
            timeout,
        })
    }

    /// The clients of a local endpoint at `url`: the program's credentials if it set some,
    /// else fixed ones (a local endpoint checks none), so no AWS configuration is needed.
    async fn local(
        aws: &AwsOptions,
        region: &str,
        url: &str,
        credentials: Option<SharedCredentialsProvider>,
    ) -> anyhow::Result<Clients> {
        let credentials = credentials.unwrap_or_else(|| {
            SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
                "local", "local", None, None, "local",
            ))
        });
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_owned()))
            .endpoint_url(url)
            .credentials_provider(credentials)
            .load()
            .await;
        let poll = Duration::from_millis(aws.poll_ms.max(1));
        let timeout = Duration::from_secs(aws.timeout_secs);
        Ok(Clients {
            stacks: StackDeployer::new(aws_sdk_cloudformation::Client::new(&config), url)
                .poll_interval(poll)
                .timeout(timeout),
            machines: Deployer::new(aws_sdk_sfn::Client::new(&config)),
            endpoint: url.to_owned(),
            poll,
            timeout,
        })
    }

    /// A Step Functions error, naming the endpoint actually in use.
    fn sfn_error(&self, err: Error) -> Error {
        match err {
            Error::Unreachable {
                operation, message, ..
            } => Error::Unreachable {
                endpoint: self.endpoint.clone(),
                operation,
                message,
            },
            other => other,
        }
    }
}

/// Writes each progress event as a line as soon as it arrives; keeps the first write error.
struct Lines<'a> {
    out: &'a mut (dyn Write + Send),
    error: Option<std::io::Error>,
}

impl<'a> Lines<'a> {
    fn new(out: &'a mut (dyn Write + Send)) -> Self {
        Lines { out, error: None }
    }

    fn finish(self) -> std::io::Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

impl ProgressSink for Lines<'_> {
    fn event(&mut self, event: &ProgressEvent) {
        if self.error.is_none()
            && let Err(e) = writeln!(self.out, "{event}").and_then(|()| self.out.flush())
        {
            self.error = Some(e);
        }
    }
}

fn write_outputs(
    out: &mut (dyn Write + Send),
    outputs: &std::collections::BTreeMap<String, String>,
) -> std::io::Result<()> {
    if outputs.is_empty() {
        return Ok(());
    }
    writeln!(out, "outputs:")?;
    for (key, value) in outputs {
        writeln!(out, "  {key} = {value}")?;
    }
    Ok(())
}

async fn destroy(
    clients: &Clients,
    stack: &str,
    dry_run: bool,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<u8> {
    if dry_run {
        match clients.stacks.describe(stack).await? {
            None => writeln!(
                out,
                "stack {stack} does not exist; nothing would be deleted"
            )?,
            Some(info) => {
                let resources = clients.stacks.resources(stack).await?;
                writeln!(
                    out,
                    "dry run: would delete stack {stack} ({}) and its {} resource{}:",
                    info.status,
                    resources.len(),
                    if resources.len() == 1 { "" } else { "s" }
                )?;
                for r in resources {
                    writeln!(out, "  {} ({})", r.logical_id, r.resource_type)?;
                }
            }
        }
        return Ok(0);
    }
    let mut lines = Lines::new(out);
    let result = clients.stacks.destroy(stack, &mut lines).await;
    lines.finish()?;
    match result? {
        DestroyOutcome::Deleted => writeln!(out, "stack {stack}: deleted")?,
        DestroyOutcome::Absent => writeln!(out, "stack {stack} does not exist; nothing to do")?,
    }
    Ok(0)
}

/// Runs `worker` with `handler` until Ctrl-C, or for `stop_after_secs`.
async fn serve_activity(
    worker: ActivityWorker,
    arn: &str,
    name: &str,
    handler: ErasedHandler,
    stop_after_secs: Option<u64>,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<u8> {
    writeln!(
        out,
        "serving {arn} as {name:?} (Ctrl-C stops after the tasks in hand)"
    )?;
    out.flush()?;
    let shutdown = async move {
        match stop_after_secs {
            Some(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    let stats = worker
        .run(move |input: serde_json::Value| handler(input), shutdown)
        .await;
    writeln!(out, "worker stopped: {stats:?}")?;
    Ok(0)
}

/// The input of `start`: JSON text, `@FILE`, or `{}` when there is none.
fn read_input(input: Option<&str>) -> anyhow::Result<String> {
    Ok(match input {
        None => "{}".to_owned(),
        Some(text) => match text.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the input file {path}"))?,
            None => text.to_owned(),
        },
    })
}

async fn start(
    clients: &Clients,
    stack: &str,
    machine: &str,
    input: Option<&str>,
    name: Option<&str>,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<u8> {
    let input = read_input(input)?;
    let arn = if machine.starts_with("arn:") {
        machine.to_owned()
    } else {
        clients.stacks.physical_id(stack, machine).await?
    };
    let execution = clients
        .machines
        .start_execution(&arn, &input, name)
        .await
        .map_err(|e| clients.sfn_error(e))?;
    writeln!(out, "{execution}")?;
    Ok(0)
}

async fn wait(
    clients: &Clients,
    execution_arn: &str,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<u8> {
    let start = Instant::now();
    let mut shown = 0;
    loop {
        let info = clients
            .machines
            .describe_execution(execution_arn)
            .await
            .map_err(|e| clients.sfn_error(e))?;
        let events = clients
            .machines
            .history(execution_arn)
            .await
            .map_err(|e| clients.sfn_error(e))?;
        for event in events.iter().skip(shown) {
            writeln!(
                out,
                "{:>6.1}s | {} | {}",
                start.elapsed().as_secs_f64(),
                event.event_type,
                event.state_name.as_deref().unwrap_or("-")
            )?;
        }
        shown = shown.max(events.len());
        if !info.is_running() {
            writeln!(out, "execution {}: {}", info.arn, info.status)?;
            if let Some(output) = &info.output {
                writeln!(out, "output: {output}")?;
            }
            if let Some(error) = &info.error {
                writeln!(out, "error: {error}")?;
            }
            if let Some(cause) = &info.cause {
                writeln!(out, "cause: {cause}")?;
            }
            return Ok(u8::from(info.status != "SUCCEEDED"));
        }
        if start.elapsed() >= clients.timeout {
            return Err(Error::Timeout {
                arn: execution_arn.to_owned(),
                timeout: clients.timeout,
                status: info.status,
            }
            .into());
        }
        tokio::time::sleep(clients.poll).await;
    }
}

async fn history(
    clients: &Clients,
    execution_arn: &str,
    json: bool,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<u8> {
    let events = clients
        .machines
        .history(execution_arn)
        .await
        .map_err(|e| clients.sfn_error(e))?;
    if json {
        writeln!(out, "{}", crate::history_to_json(&events))?;
        return Ok(0);
    }
    for event in &events {
        writeln!(
            out,
            "{:>4} {} {} {} {}",
            event.id,
            event
                .timestamp
                .fmt(aws_sdk_sfn::primitives::DateTimeFormat::DateTime)
                .unwrap_or_default(),
            event.event_type,
            event.state_name.as_deref().unwrap_or("-"),
            event.detail_json
        )?;
    }
    writeln!(out, "{} events", events.len())?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2() {
        let mut out = Vec::new();
        let err = run(
            App::new(),
            ["prog", "deploy", "--parameter", "novalue"],
            &mut out,
        )
        .unwrap_err();
        assert_eq!(exit_code(&err), 2);
        let err = run(
            App::new(),
            ["prog", "deploy", "--stack", "9lives"],
            &mut out,
        )
        .unwrap_err();
        assert_eq!(exit_code(&err), 2, "{err}");
        assert!(err.to_string().contains("--stack NAME"), "{err}");
    }

    #[test]
    fn other_commands_go_to_synth() {
        let mut out = Vec::new();
        let dir = std::env::temp_dir().join(format!("workflow-cli-{}", std::process::id()));
        let code = run(
            App::new(),
            [
                "prog".as_ref(),
                "synth".as_ref(),
                "--out".as_ref(),
                dir.as_os_str(),
            ],
            &mut out,
        )
        .unwrap();
        assert_eq!(code, 0);
        assert!(dir.join("template.json").exists());
        let code = run(
            App::new(),
            [
                "prog".as_ref(),
                "diff".as_ref(),
                "--out".as_ref(),
                dir.as_os_str(),
            ],
            &mut out,
        )
        .unwrap();
        assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out));
        std::fs::remove_dir_all(&dir).unwrap();
        let err = run(App::new(), ["prog", "frobnicate"], &mut out).unwrap_err();
        assert_eq!(exit_code(&err), 2);
    }

    #[test]
    fn the_stack_name_defaults_to_the_program_name() {
        assert_eq!(
            default_stack_name(&OsString::from("target/debug/examples/human_approval")),
            "human-approval"
        );
        assert!(check_stack_name("human-approval").is_ok());
        assert!(check_stack_name("a_b").is_err());
        assert!(check_stack_name("").is_err());
    }
}
