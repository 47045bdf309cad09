//! Deploying workflows to AWS Step Functions (issue: workflow-deploy).
//!
//! [`Deployer`] creates or updates a state machine idempotently (an unchanged machine makes no
//! write call), deletes it, starts executions, waits for them and reads their history.
//!
//! Beyond that, in their own modules:
//! - [`version`]: the full deploy ([`Deployer::deploy`]): local validation first, optional
//!   server-side validation, logging and tracing compared too, a published version and an alias
//!   created or moved;
//! - [`activity`]: activities (create idempotently, describe, delete, list);
//! - [`execution`]: start idempotently by name, wait with progress, stop, list;
//! - [`history`]: every history event kind as a typed event, and the `GetExecutionHistory` JSON;
//! - [`worker`]: an activity worker runtime; [`callback`]: completing `.waitForTaskToken` tasks;
//! - [`retry`]: the SDK's retry settings; errors name the resource and the fix ([`Error`]).

pub mod activity;
mod aws_error;
pub mod callback;
pub mod execution;
mod fault;
pub mod history;
pub mod local;
pub mod retry;
pub mod validate;
pub mod version;
pub mod worker;

pub use activity::Activity;
pub use callback::TaskCallback;
pub use execution::{ExecutionSummary, Progress};
pub use history::{history_from_json, history_to_json};
pub use retry::RetrySettings;
pub use validate::ServerValidation;
pub use version::DeployOptions;
pub use worker::{ActivityWorker, TaskError, WorkerStats};

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_sdk_sfn::config::{Credentials, Region};
use aws_sdk_sfn::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sfn::primitives::DateTime;
use aws_sdk_sfn::types::ExecutionStatus;
use workflow_core::MachineType;

/// What can go wrong while deploying or running a workflow.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The endpoint could not be reached (connection refused, DNS, timeout).
    #[error(
        "cannot reach the Step Functions endpoint {endpoint} ({operation}): {message}; fix: check \
         the endpoint URL (--endpoint-url), the region and the network, and that the server runs"
    )]
    Unreachable {
        /// The endpoint URL, or a description of the default endpoint.
        endpoint: String,
        /// The API operation that was attempted.
        operation: &'static str,
        /// The underlying error.
        message: String,
    },
    /// The service answered with an error.
    #[error("{operation} failed: {message}")]
    Api {
        /// The API operation.
        operation: &'static str,
        /// The error code and message.
        message: String,
    },
    /// The machine exists with another type; Step Functions cannot change the type in place.
    #[error(
        "state machine {name:?} is {existing} and cannot be changed to {wanted} in place; delete it first"
    )]
    TypeChange {
        /// The machine's name.
        name: String,
        /// The deployed type.
        existing: String,
        /// The requested type.
        wanted: String,
    },
    /// No state machine has that name.
    #[error("no state machine is named {0:?}")]
    NotFound(String),
    /// A definition or input was not valid JSON.
    #[error("{what} is not valid JSON: {source}")]
    Json {
        /// What was parsed.
        what: &'static str,
        /// The parser's error.
        source: serde_json::Error,
    },
    /// The credentials were refused (unknown key, bad signature, expired token).
    #[error(
        "{operation} on {resource} was refused by {endpoint}: the credentials are not valid \
         ({message}); fix: check the access key and secret (environment, --profile or the \
         credentials file), refresh an expired session token, and check the machine's clock"
    )]
    Credentials {
        /// The endpoint URL, or a description of the default endpoint.
        endpoint: String,
        /// The API operation.
        operation: &'static str,
        /// The resource the call was about.
        resource: String,
        /// The service's error code and message (never the secret).
        message: String,
    },
    /// The service rejected the state machine's definition.
    #[error(
        "{operation} rejected the definition of {resource} ({message}); fix: run \
         `workflow validate` on the definition, correct what it reports, and deploy again"
    )]
    RejectedDefinition {
        /// The API operation.
        operation: &'static str,
        /// The state machine.
        resource: String,
        /// The service's error code and message.
        message: String,
    },
    /// The execution role is missing, malformed or cannot be assumed by Step Functions.
    #[error(
        "{operation} on {resource} failed because of its execution role ({message}); fix: create \
         the role with a trust policy that lets states.amazonaws.com assume it, and pass its ARN"
    )]
    Role {
        /// The API operation.
        operation: &'static str,
        /// The state machine.
        resource: String,
        /// The service's error code and message.
        message: String,
    },
    /// The service kept throttling the call after every retry.
    #[error(
        "{operation} on {resource} was throttled by {endpoint} and still failed after {attempts} \
         attempts ({message}); fix: run again later, make fewer calls at once, or allow more \
         attempts (RetrySettings::max_attempts)"
    )]
    Throttled {
        /// The endpoint URL, or a description of the default endpoint.
        endpoint: String,
        /// The API operation.
        operation: &'static str,
        /// The resource the call was about.
        resource: String,
        /// How many attempts were made.
        attempts: u32,
        /// The service's error code and message.
        message: String,
    },
    /// The definition has errors found by the local validator; nothing was sent.
    #[error(
        "the definition of {name} has {} error(s), nothing was deployed: {}; fix: correct them \
         (`workflow validate` shows them with line and column) and deploy again",
        diagnostics.len(),
        diagnostics.join("; ")
    )]
    InvalidDefinition {
        /// The state machine.
        name: String,
        /// The validator's error diagnostics, one text each.
        diagnostics: Vec<String>,
    },
    /// An execution with that name exists with a different input.
    #[error(
        "an execution named {name:?} of {state_machine} already exists with another input; fix: \
         pick another execution name, or start it with the same input to get the same execution"
    )]
    ExecutionExists {
        /// The state machine ARN.
        state_machine: String,
        /// The execution name.
        name: String,
    },
    /// A value given to the API was too long or not serializable.
    #[error("{what}: {message}")]
    Invalid {
        /// What was wrong.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// An execution did not finish in time.
    #[error("execution {arn} did not finish within {timeout:?} (last status {status})")]
    Timeout {
        /// The execution ARN.
        arn: String,
        /// The time waited.
        timeout: Duration,
        /// The status at the last poll.
        status: String,
    },
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A state machine to create or update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateMachineDeployment {
    /// The machine's name (unique per account and region).
    pub name: String,
    /// The ASL definition as JSON text.
    pub definition_json: String,
    /// The IAM role the machine runs as.
    pub role_arn: String,
    /// STANDARD or EXPRESS.
    pub machine_type: MachineType,
    /// Tags, compared as a whole (tags not listed are removed).
    pub tags: BTreeMap<String, String>,
}

/// What [`Deployer::deploy_state_machine`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeployAction {
    /// The machine did not exist and was created.
    Created,
    /// The machine existed and was changed.
    Updated,
    /// The machine already matched; nothing was written.
    Unchanged,
}

/// The result of a deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployOutcome {
    /// The machine's ARN.
    pub arn: String,
    /// What was done.
    pub action: DeployAction,
    /// The published version's ARN, when [`DeployOptions::publish`] asked for one.
    pub version_arn: Option<String>,
    /// The alias's ARN, when [`DeployOptions::alias`] named one.
    pub alias_arn: Option<String>,
    /// Whether the server validated the definition (see [`DeployOptions::server_validation`]).
    pub validation: ServerValidation,
}

/// The state of an execution, as `DescribeExecution` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionInfo {
    /// The execution ARN.
    pub arn: String,
    /// RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE.
    pub status: String,
    /// The output JSON, when it succeeded.
    pub output: Option<String>,
    /// The error name, when it failed.
    pub error: Option<String>,
    /// The error cause, when it failed.
    pub cause: Option<String>,
}

impl ExecutionInfo {
    /// The execution is still running.
    pub fn is_running(&self) -> bool {
        self.status == ExecutionStatus::Running.as_str()
    }
}

/// One event of an execution's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// The event id (1-based, increasing).
    pub id: i64,
    /// The id of the event this one follows from (0 for the first).
    pub previous_event_id: i64,
    /// The event type, e.g. `ExecutionStarted`, `PassStateEntered`.
    pub event_type: String,
    /// When it happened.
    pub timestamp: DateTime,
    /// The state the event belongs to: named by state entered/exited events, and inherited
    /// through `previous_event_id` by the task, activity, Lambda, Map and Parallel events
    /// inside that state.
    pub state_name: Option<String>,
    /// The member of `GetExecutionHistory` holding the details, e.g. `stateEnteredEventDetails`;
    /// `None` for kinds without details (e.g. `ParallelStateStarted`).
    pub details_key: Option<String>,
    /// The event's details as a JSON object text, with the API's camelCase names (`{}` when
    /// there are none).
    pub detail_json: String,
    /// The input JSON text, for events that carry one (execution started, state entered, task
    /// or activity scheduled, ...).
    pub input: Option<String>,
    /// The output JSON text, for events that carry one (state exited, task succeeded, ...).
    pub output: Option<String>,
    /// The error name, for failure events.
    pub error: Option<String>,
    /// The error cause, for failure events.
    pub cause: Option<String>,
}

/// Deploys state machines and runs executions through one Step Functions client.
#[derive(Debug)]
pub struct Deployer {
    client: aws_sdk_sfn::Client,
    endpoint: String,
    write_calls: AtomicU64,
    retry: RetrySettings,
}

impl Deployer {
    /// A deployer using `client` (configured by the caller, e.g. from `aws_config::load_defaults`).
    pub fn new(client: aws_sdk_sfn::Client) -> Self {
        let endpoint = match client.config().region() {
            Some(region) => format!("the default endpoint of region {region}"),
            None => "the default endpoint (no region set)".to_owned(),
        };
        Deployer {
            client,
            endpoint,
            write_calls: AtomicU64::new(0),
            retry: RetrySettings::sdk_default(),
        }
    }

    /// A deployer using the default AWS configuration of the environment (region, credentials
    /// and endpoint from the usual variables, profiles and instance metadata).
    pub async fn from_env() -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Deployer::new(aws_sdk_sfn::Client::new(&config))
    }

    /// A deployer talking to `endpoint_url` (a local test server such as `moto_server`) in
    /// `region` with fixed test credentials.
    pub fn for_endpoint(endpoint_url: &str, region: &str, access_key: &str, secret: &str) -> Self {
        let config = aws_sdk_sfn::Config::builder()
            .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .endpoint_url(endpoint_url)
            .credentials_provider(Credentials::new(access_key, secret, None, None, "static"))
            .build();
        let mut deployer = Deployer::new(aws_sdk_sfn::Client::from_conf(config));
        deployer.endpoint = endpoint_url.to_owned();
        deployer
    }

    /// The underlying client.
    pub fn client(&self) -> &aws_sdk_sfn::Client {
        &self.client
    }

    /// How many write calls (create, update, delete, tag, untag, start) were made so far.
    pub fn write_calls(&self) -> u64 {
        self.write_calls.load(Ordering::SeqCst)
    }

    fn wrote(&self) {
        self.write_calls.fetch_add(1, Ordering::SeqCst);
    }

    fn sdk_error<E, R>(&self, operation: &'static str, err: SdkError<E, R>) -> Error
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        self.sdk_error_on(operation, "", err)
    }

    /// Turns an SDK error into an [`Error`] naming `resource` (empty: none in particular).
    fn sdk_error_on<E, R>(
        &self,
        operation: &'static str,
        resource: &str,
        err: SdkError<E, R>,
    ) -> Error
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        fault::classify(
            &fault::Call {
                endpoint: &self.endpoint,
                operation,
                resource,
                attempts: self.retry.max_attempts,
            },
            err,
        )
    }

    /// The ARN of the machine named `name`, if any (ListStateMachines, every page).
    pub async fn find_state_machine(&self, name: &str) -> Result<Option<String>> {
        let mut machines = self
            .client
            .list_state_machines()
            .into_paginator()
            .items()
            .send();
        while let Some(m) = machines
            .try_next()
            .await
            .map_err(|e| self.sdk_error("ListStateMachines", e))?
        {
            if m.name() == name {
                return Ok(Some(m.state_machine_arn().to_owned()));
            }
        }
        Ok(None)
    }

    async fn tags_of(&self, arn: &str) -> Result<BTreeMap<String, String>> {
        let out = self
            .client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| self.sdk_error("ListTagsForResource", e))?;
        Ok(out
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or("").to_owned())))
            .collect())
    }

    /// Creates the machine, or updates it when its definition (compared as JSON), role or tags
    /// differ; an unchanged machine makes no write call. The definition is validated locally
    /// first. [`Deployer::deploy`] does the same with more options (logging, tracing, version,
    /// alias, server-side validation).
    pub async fn deploy_state_machine(
        &self,
        deployment: &StateMachineDeployment,
    ) -> Result<DeployOutcome> {
        self.deploy(deployment, &DeployOptions::default()).await
    }

    /// Deletes the machine named `name`; [`Error::NotFound`] when there is none.
    pub async fn delete_state_machine(&self, name: &str) -> Result<()> {
        let arn = self
            .find_state_machine(name)
            .await?
            .ok_or_else(|| Error::NotFound(name.to_owned()))?;
        self.wrote();
        self.client
            .delete_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .map_err(|e| self.sdk_error("DeleteStateMachine", e))?;
        Ok(())
    }

    /// Starts an execution of the machine `state_machine_arn`; returns the execution ARN.
    /// Starting the same `name` with the same input again returns the same execution (see
    /// [`execution`]); the same name with another input is [`Error::ExecutionExists`].
    pub async fn start_execution(
        &self,
        state_machine_arn: &str,
        input_json: &str,
        name: Option<&str>,
    ) -> Result<String> {
        self.start_execution_idempotent(state_machine_arn, input_json, name)
            .await
    }

    /// The execution's status, output and error.
    pub async fn describe_execution(&self, execution_arn: &str) -> Result<ExecutionInfo> {
        let out = self
            .client
            .describe_execution()
            .execution_arn(execution_arn)
            .send()
            .await
            .map_err(|e| self.sdk_error("DescribeExecution", e))?;
        Ok(ExecutionInfo {
            arn: out.execution_arn().to_owned(),
            status: out.status().as_str().to_owned(),
            output: out.output().map(str::to_owned),
            error: out.error().map(str::to_owned),
            cause: out.cause().map(str::to_owned),
        })
    }

    /// Polls the execution every `poll` until it is no longer running, or fails with
    /// [`Error::Timeout`] after `timeout`.
    pub async fn wait_for_execution(
        &self,
        execution_arn: &str,
        poll: Duration,
        timeout: Duration,
    ) -> Result<ExecutionInfo> {
        self.wait_with_progress(execution_arn, poll, timeout, |_| {})
            .await
    }

    /// Every event of the execution's history, oldest first (GetExecutionHistory, every page).
    pub async fn history(&self, execution_arn: &str) -> Result<Vec<HistoryEvent>> {
        let mut events: Vec<HistoryEvent> = self
            .client
            .get_execution_history()
            .execution_arn(execution_arn)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.sdk_error("GetExecutionHistory", e))?
            .iter()
            .map(history::convert_event)
            .collect();
        events.sort_by_key(|e| e.id);
        history::inherit_state_names(&mut events);
        Ok(events)
    }
}

pub mod cli;
pub mod stack;
