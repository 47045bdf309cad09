//! The commands with `--local`: the program's activities and state machines deployed directly
//! ([`crate::local::LocalStack`]) to a local endpoint, the one of `--endpoint-url` or one
//! started in this process for the command's lifetime.
//!
//! The in-process endpoint keeps its records in an [`SqliteStore`] file (`--local-state`, the
//! store of `workflow serve --store`), so what `deploy` creates is there for a later `start`,
//! and what `start` ran is there for a later `wait` and `history`. The program's activity
//! handlers live in the program, so an in-process `start` returns once its execution has ended,
//! serving them meanwhile; with `--endpoint-url` it returns at once.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::sync::watch;
use workflow_serve::{Clock, Service, Settings, SqliteStore, Store};

use super::{AwsCommand, AwsOptions, Clients, Program, UsageError};
use crate::local::{Deployed, LocalError, LocalStack};
use crate::{ActivityWorker, DeployAction, Error};

/// The endpoint a `--local` command talks to.
pub(super) struct Endpoint {
    pub(super) url: String,
    in_process: Option<InProcess>,
}

/// An endpoint served by this process until [`Endpoint::stop`].
struct InProcess {
    stop: watch::Sender<bool>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    store: Arc<SqliteStore>,
}

/// The store of the in-process endpoint.
fn open_store(path: PathBuf) -> anyhow::Result<Arc<SqliteStore>> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    Ok(Arc::new(SqliteStore::open(path)?))
}

impl Endpoint {
    /// The endpoint of `--endpoint-url`, or one started here on a free loopback port.
    async fn open(aws: &AwsOptions, stack: &LocalStack, name: &str) -> anyhow::Result<Endpoint> {
        if let Some(url) = &aws.endpoint_url {
            return Ok(Endpoint {
                url: url.clone(),
                in_process: None,
            });
        }
        let path =
            aws.local.local_state.clone().unwrap_or_else(|| {
                PathBuf::from("target/workflow-local").join(format!("{name}.db"))
            });
        let store = open_store(path)?;
        let mocks = match &aws.local.mocks {
            Some(path) => Some(mock_config(path, stack)?),
            None => None,
        };
        let clock = if aws.local.clock == "virtual" {
            Clock::Virtual
        } else {
            Clock::Real
        };
        let service = Arc::new(Service::new(
            Arc::clone(&store) as Arc<dyn Store>,
            Settings { mocks, clock },
        ));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .context("cannot open the in-process endpoint on 127.0.0.1")?;
        let url = format!("http://{}", listener.local_addr()?);
        let (stop, mut stopped) = watch::channel(false);
        let server = tokio::spawn(workflow_serve::serve(listener, service, async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }));
        Ok(Endpoint {
            url,
            in_process: Some(InProcess {
                stop,
                server,
                store,
            }),
        })
    }

    fn is_in_process(&self) -> bool {
        self.in_process.is_some()
    }

    /// Stops the in-process endpoint; reports a state file that could not be written.
    async fn stop(self) -> anyhow::Result<()> {
        let Some(in_process) = self.in_process else {
            return Ok(());
        };
        let _ = in_process.stop.send(true);
        let _ = in_process.server.await;
        match in_process.store.write_error() {
            Some(message) => Err(anyhow::anyhow!("the local state was not saved: {message}")),
            None => Ok(()),
        }
    }
}

/// The mock configuration at `path`, its machines named by logical id renamed to the names
/// the local deploy gives them (Step Functions Local finds a machine's mocks by its name).
fn mock_config(
    path: &std::path::Path,
    stack: &LocalStack,
) -> anyhow::Result<workflow::local::MockConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the mock configuration {}", path.display()))?;
    let mut document: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("the mock configuration {} is not JSON", path.display()))?;
    if let Some(machines) = document
        .get_mut("StateMachines")
        .and_then(serde_json::Value::as_object_mut)
    {
        for id in stack.machine_ids() {
            if let Some(cases) = machines.remove(id) {
                machines.insert(stack.name_of(id)?, cases);
            }
        }
    }
    workflow::local::MockConfig::from_json(&document.to_string())
        .with_context(|| format!("the mock configuration {} cannot be used", path.display()))
}

/// A deploy error as the exit codes see it: parameters missing are a usage error, an
/// endpoint error keeps its kind.
fn local_error(err: LocalError) -> anyhow::Error {
    match err {
        LocalError::MissingParameters(_) => UsageError(err.to_string()).into(),
        LocalError::Deploy(inner) => inner.into(),
        other => other.into(),
    }
}

fn short_type(resource_type: &str) -> &str {
    resource_type
        .strip_prefix("AWS::StepFunctions::")
        .unwrap_or(resource_type)
}

impl Program {
    /// Runs `command` against the local endpoint.
    pub(super) async fn run_local(
        &self,
        command: AwsCommand,
        aws: &AwsOptions,
        stack_name: &str,
        out: &mut (dyn Write + Send),
    ) -> anyhow::Result<u8> {
        let template = self
            .app
            .to_template()
            .context("cannot build the template")?
            .to_json_string();
        let region = aws
            .region
            .clone()
            .unwrap_or_else(|| workflow_serve::REGION.to_owned());
        let stack = LocalStack::new(
            &template,
            stack_name,
            &region,
            workflow_serve::ACCOUNT,
            &aws.parameters,
        )
        .map_err(local_error)?;
        let endpoint = Endpoint::open(aws, &stack, stack_name).await?;
        let clients = Clients::local(aws, &region, &endpoint.url, self.credentials.clone()).await?;
        let result = self
            .local_command(command, &clients, &stack, &endpoint, out)
            .await;
        let stopped = endpoint.stop().await;
        let code = result?;
        stopped?;
        Ok(code)
    }

    async fn local_command(
        &self,
        command: AwsCommand,
        clients: &Clients,
        stack: &LocalStack,
        endpoint: &Endpoint,
        out: &mut (dyn Write + Send),
    ) -> anyhow::Result<u8> {
        match command {
            AwsCommand::Deploy { dry_run: true } => {
                for id in stack.activity_ids() {
                    writeln!(out, "would deploy Activity {id} as {}", stack.name_of(id)?)?;
                }
                for id in stack.machine_ids() {
                    writeln!(
                        out,
                        "would deploy StateMachine {id} as {}",
                        stack.name_of(id)?
                    )?;
                }
                writeln!(out, "dry run: nothing was deployed to {}", endpoint.url)?;
                Ok(0)
            }
            AwsCommand::Deploy { dry_run: false } => {
                let deployed = stack.deploy(&clients.machines).await.map_err(local_error)?;
                for Deployed {
                    logical_id,
                    resource_type,
                    arn,
                    action,
                    ..
                } in &deployed
                {
                    let done = match action {
                        DeployAction::Created => "created",
                        DeployAction::Updated => "updated",
                        DeployAction::Unchanged => "unchanged",
                    };
                    writeln!(
                        out,
                        "{done:<9} {:<20} {logical_id} {arn}",
                        short_type(resource_type)
                    )?;
                }
                writeln!(
                    out,
                    "deployed {} resource{} to {}",
                    deployed.len(),
                    if deployed.len() == 1 { "" } else { "s" },
                    destination(endpoint)
                )?;
                Ok(0)
            }
            AwsCommand::Diff { .. } => Err(UsageError(
                "diff compares a CloudFormation stack with its change set; with --local, deploy \
                 is idempotent and reports what it created, updated or left unchanged"
                    .into(),
            )
            .into()),
            AwsCommand::Destroy { dry_run } => destroy(clients, stack, dry_run, out).await,
            AwsCommand::Start {
                machine,
                input,
                name,
                test_case,
            } => {
                let arn = machine_arn(clients, stack, &machine).await?;
                let target = match &test_case {
                    Some(case) => format!("{arn}#{case}"),
                    None => arn,
                };
                let input = super::read_input(input.as_deref())?;
                let execution = clients
                    .machines
                    .start_execution(&target, &input, name.as_deref())
                    .await
                    .map_err(|e| clients.sfn_error(e))?;
                writeln!(out, "{execution}")?;
                out.flush()?;
                if endpoint.is_in_process() {
                    self.run_to_end(clients, stack, &execution).await?;
                }
                Ok(0)
            }
            AwsCommand::Wait { execution_arn } => {
                if endpoint.is_in_process() {
                    let info = clients
                        .machines
                        .describe_execution(&execution_arn)
                        .await
                        .map_err(|e| clients.sfn_error(e))?;
                    if info.is_running() {
                        return Err(cut_off(&execution_arn).into());
                    }
                }
                super::wait(clients, &execution_arn, out).await
            }
            AwsCommand::History {
                execution_arn,
                json,
            } => super::history(clients, &execution_arn, json, out).await,
            AwsCommand::Worker { .. } if endpoint.is_in_process() => Err(UsageError(
                "worker --local needs an endpoint that outlives this command: pass \
                 --endpoint-url of a running `workflow serve`; without one, `start --local` \
                 serves the program's activity handlers itself"
                    .into(),
            )
            .into()),
            AwsCommand::Worker {
                activity,
                name,
                concurrency,
                heartbeat_secs,
                stop_after_secs,
            } => {
                let handler = self.handler(&activity)?;
                let arn = activity_arn(clients, stack, &activity).await?;
                let worker = ActivityWorker::new(clients.machines.client().clone(), &arn, &name)
                    .concurrency(concurrency.max(1))
                    .heartbeat_interval(Duration::from_secs(heartbeat_secs.max(1)));
                super::serve_activity(worker, &arn, &name, handler, stop_after_secs, out).await
            }
        }
    }

    /// Serves every registered activity handler until the execution `execution_arn` ends, or
    /// the command's timeout passes.
    async fn run_to_end(
        &self,
        clients: &Clients,
        stack: &LocalStack,
        execution_arn: &str,
    ) -> anyhow::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let mut workers = Vec::new();
        for (activity, handler) in &self.handlers {
            let arn = activity_arn(clients, stack, activity).await?;
            // The `worker` command's defaults, with heartbeats often enough for any
            // HeartbeatSeconds of at least 10.
            let worker = ActivityWorker::new(clients.machines.client().clone(), &arn, "local")
                .concurrency(4)
                .heartbeat_interval(Duration::from_secs(5));
            let handler = handler.clone();
            let mut stopped = stopped.clone();
            workers.push(tokio::spawn(async move {
                worker
                    .run(move |input: serde_json::Value| handler(input), async move {
                        let _ = stopped.wait_for(|stop| *stop).await;
                    })
                    .await
            }));
        }
        let start = Instant::now();
        let ended = loop {
            let info = clients
                .machines
                .describe_execution(execution_arn)
                .await
                .map_err(|e| clients.sfn_error(e));
            match info {
                Ok(info) if info.is_running() && start.elapsed() < clients.timeout => {}
                Ok(info) if info.is_running() => {
                    break Err(Error::Timeout {
                        arn: execution_arn.to_owned(),
                        timeout: clients.timeout,
                        status: info.status,
                    });
                }
                Ok(_) => break Ok(()),
                Err(e) => break Err(e),
            }
            tokio::time::sleep(clients.poll.min(Duration::from_millis(100))).await;
        };
        let _ = stop.send(true);
        for worker in workers {
            let _ = worker.await;
        }
        Ok(ended?)
    }
}

/// Where a deploy went: the state file of the in-process endpoint, or the endpoint's URL.
fn destination(endpoint: &Endpoint) -> String {
    match &endpoint.in_process {
        Some(in_process) => format!(
            "the local endpoint kept in {}",
            in_process.store.path().display()
        ),
        None => endpoint.url.clone(),
    }
}

fn cut_off(execution_arn: &str) -> UsageError {
    UsageError(format!(
        "execution {execution_arn} is still RUNNING in the local state: the command that ran it \
         ended before it did, and an in-process endpoint keeps no execution running between \
         commands; start it again, or use a `workflow serve` endpoint (--endpoint-url) that \
         outlives the commands"
    ))
}

/// The ARN of a machine given by logical id (or ARN), as the local deploy named it.
async fn machine_arn(
    clients: &Clients,
    stack: &LocalStack,
    machine: &str,
) -> anyhow::Result<String> {
    if machine.starts_with("arn:") {
        return Ok(machine.to_owned());
    }
    let name = stack
        .name_of(known(machine, &stack.machine_ids(), "state machine")?)
        .map_err(local_error)?;
    clients
        .machines
        .find_state_machine(&name)
        .await
        .map_err(|e| clients.sfn_error(e))?
        .ok_or_else(|| not_deployed("state machine", machine, &name))
}

/// The ARN of an activity given by logical id (or ARN), as the local deploy named it.
async fn activity_arn(
    clients: &Clients,
    stack: &LocalStack,
    activity: &str,
) -> anyhow::Result<String> {
    if activity.starts_with("arn:") {
        return Ok(activity.to_owned());
    }
    let name = stack
        .name_of(known(activity, &stack.activity_ids(), "activity")?)
        .map_err(local_error)?;
    Ok(clients
        .machines
        .find_activity(&name)
        .await
        .map_err(|e| clients.sfn_error(e))?
        .ok_or_else(|| not_deployed("activity", activity, &name))?
        .arn)
}

/// `id` when it is one of `ids`, else a usage error with the nearest one.
fn known<'a>(id: &'a str, ids: &[&str], what: &str) -> Result<&'a str, UsageError> {
    if ids.contains(&id) {
        return Ok(id);
    }
    let hint = workflow_core::did_you_mean::closest(id, ids.iter().copied())
        .map(|m| format!("; did you mean {m:?}?"))
        .unwrap_or_default();
    Err(UsageError(format!(
        "the stack has no {what} {id:?} (it has: {}){hint}",
        ids.join(", ")
    )))
}

fn not_deployed(what: &str, id: &str, name: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "the {what} {id} ({name}) is not deployed on the local endpoint; run `deploy --local` first"
    )
}

async fn destroy(
    clients: &Clients,
    stack: &LocalStack,
    dry_run: bool,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<u8> {
    let verb = if dry_run { "would delete" } else { "deleted" };
    for id in stack.machine_ids() {
        let name = stack.name_of(id).map_err(local_error)?;
        let found = clients
            .machines
            .find_state_machine(&name)
            .await
            .map_err(|e| clients.sfn_error(e))?;
        if found.is_some() {
            if !dry_run {
                clients
                    .machines
                    .delete_state_machine(&name)
                    .await
                    .map_err(|e| clients.sfn_error(e))?;
            }
            writeln!(out, "{verb} StateMachine {id} ({name})")?;
        }
    }
    for id in stack.activity_ids() {
        let name = stack.name_of(id).map_err(local_error)?;
        if let Some(activity) = clients
            .machines
            .find_activity(&name)
            .await
            .map_err(|e| clients.sfn_error(e))?
        {
            if !dry_run {
                clients
                    .machines
                    .delete_activity(&activity.arn)
                    .await
                    .map_err(|e| clients.sfn_error(e))?;
            }
            writeln!(out, "{verb} Activity {id} ({name})")?;
        }
    }
    Ok(0)
}
