//! Deploying workflows to AWS Step Functions (issue: workflow-deploy).
//!
//! [`Deployer`] creates or updates a state machine idempotently (an unchanged machine makes no
//! write call), deletes it, starts executions, waits for them and reads their history.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_sfn::config::{Credentials, Region};
use aws_sdk_sfn::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sfn::primitives::DateTime;
use aws_sdk_sfn::types::{ExecutionStatus, StateMachineType, Tag};
use workflow_core::MachineType;

/// What can go wrong while deploying or running a workflow.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The endpoint could not be reached (connection refused, DNS, timeout).
    #[error("cannot reach the Step Functions endpoint {endpoint} ({operation}): {message}")]
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
    /// The event type, e.g. `ExecutionStarted`, `PassStateEntered`.
    pub event_type: String,
    /// When it happened.
    pub timestamp: DateTime,
    /// The state's name, for state entered/exited events.
    pub state_name: Option<String>,
    /// The event's details as a JSON object text (`{}` for kinds not converted).
    pub detail_json: String,
}

/// Deploys state machines and runs executions through one Step Functions client.
#[derive(Debug)]
pub struct Deployer {
    client: aws_sdk_sfn::Client,
    endpoint: String,
    write_calls: AtomicU64,
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
        match &err {
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => Error::Unreachable {
                endpoint: self.endpoint.clone(),
                operation,
                message: error_chain(&err),
            },
            _ => {
                let message = match (err.code(), err.message()) {
                    (Some(code), Some(message)) => format!("{code}: {message}"),
                    (Some(code), None) => code.to_owned(),
                    _ => DisplayErrorContext(&err).to_string(),
                };
                Error::Api { operation, message }
            }
        }
    }

    /// The ARN of the machine named `name`, if any (ListStateMachines, every page).
    pub async fn find_state_machine(&self, name: &str) -> Result<Option<String>> {
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_state_machines()
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.sdk_error("ListStateMachines", e))?;
            if let Some(m) = page.state_machines().iter().find(|m| m.name() == name) {
                return Ok(Some(m.state_machine_arn().to_owned()));
            }
            match page.next_token() {
                Some(next) if !next.is_empty() => token = Some(next.to_owned()),
                _ => return Ok(None),
            }
        }
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
    /// differ; an unchanged machine makes no write call.
    pub async fn deploy_state_machine(
        &self,
        deployment: &StateMachineDeployment,
    ) -> Result<DeployOutcome> {
        let wanted: serde_json::Value =
            serde_json::from_str(&deployment.definition_json).map_err(|source| Error::Json {
                what: "the definition",
                source,
            })?;
        let machine_type = StateMachineType::from(deployment.machine_type.as_str());
        let Some(arn) = self.find_state_machine(&deployment.name).await? else {
            let tags: Vec<Tag> = deployment
                .tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect();
            self.wrote();
            let out = self
                .client
                .create_state_machine()
                .name(&deployment.name)
                .definition(&deployment.definition_json)
                .role_arn(&deployment.role_arn)
                .r#type(machine_type)
                .set_tags(Some(tags))
                .send()
                .await
                .map_err(|e| self.sdk_error("CreateStateMachine", e))?;
            return Ok(DeployOutcome {
                arn: out.state_machine_arn().to_owned(),
                action: DeployAction::Created,
            });
        };
        let current = self
            .client
            .describe_state_machine()
            .state_machine_arn(&arn)
            .send()
            .await
            .map_err(|e| self.sdk_error("DescribeStateMachine", e))?;
        if *current.r#type() != machine_type {
            return Err(Error::TypeChange {
                name: deployment.name.clone(),
                existing: current.r#type().as_str().to_owned(),
                wanted: machine_type.as_str().to_owned(),
            });
        }
        // A deployed definition that does not parse counts as different.
        let definition_same = serde_json::from_str::<serde_json::Value>(current.definition())
            .is_ok_and(|deployed| deployed == wanted);
        let role_same = current.role_arn() == deployment.role_arn;
        let mut changed = false;
        if !definition_same || !role_same {
            self.wrote();
            let mut update = self.client.update_state_machine().state_machine_arn(&arn);
            if !definition_same {
                update = update.definition(&deployment.definition_json);
            }
            if !role_same {
                update = update.role_arn(&deployment.role_arn);
            }
            update
                .send()
                .await
                .map_err(|e| self.sdk_error("UpdateStateMachine", e))?;
            changed = true;
        }
        let tags = self.tags_of(&arn).await?;
        let stale: Vec<String> = tags
            .keys()
            .filter(|k| !deployment.tags.contains_key(*k))
            .cloned()
            .collect();
        if !stale.is_empty() {
            self.wrote();
            self.client
                .untag_resource()
                .resource_arn(&arn)
                .set_tag_keys(Some(stale))
                .send()
                .await
                .map_err(|e| self.sdk_error("UntagResource", e))?;
            changed = true;
        }
        let new_tags: Vec<Tag> = deployment
            .tags
            .iter()
            .filter(|(k, v)| tags.get(*k) != Some(*v))
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect();
        if !new_tags.is_empty() {
            self.wrote();
            self.client
                .tag_resource()
                .resource_arn(&arn)
                .set_tags(Some(new_tags))
                .send()
                .await
                .map_err(|e| self.sdk_error("TagResource", e))?;
            changed = true;
        }
        Ok(DeployOutcome {
            arn,
            action: if changed {
                DeployAction::Updated
            } else {
                DeployAction::Unchanged
            },
        })
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
    pub async fn start_execution(
        &self,
        state_machine_arn: &str,
        input_json: &str,
        name: Option<&str>,
    ) -> Result<String> {
        serde_json::from_str::<serde_json::Value>(input_json).map_err(|source| Error::Json {
            what: "the execution input",
            source,
        })?;
        self.wrote();
        let out = self
            .client
            .start_execution()
            .state_machine_arn(state_machine_arn)
            .input(input_json)
            .set_name(name.map(str::to_owned))
            .send()
            .await
            .map_err(|e| self.sdk_error("StartExecution", e))?;
        Ok(out.execution_arn().to_owned())
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
        let start = Instant::now();
        loop {
            let info = self.describe_execution(execution_arn).await?;
            if !info.is_running() {
                return Ok(info);
            }
            if start.elapsed() >= timeout {
                return Err(Error::Timeout {
                    arn: execution_arn.to_owned(),
                    timeout,
                    status: info.status,
                });
            }
            tokio::time::sleep(poll).await;
        }
    }

    /// Every event of the execution's history, oldest first (GetExecutionHistory, every page).
    pub async fn history(&self, execution_arn: &str) -> Result<Vec<HistoryEvent>> {
        let mut events = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .get_execution_history()
                .execution_arn(execution_arn)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.sdk_error("GetExecutionHistory", e))?;
            events.extend(page.events().iter().map(convert_event));
            match page.next_token() {
                Some(next) if !next.is_empty() => token = Some(next.to_owned()),
                _ => break,
            }
        }
        events.sort_by_key(|e| e.id);
        Ok(events)
    }
}

/// The error and its sources, joined by `: ` (their `Display` texts only, without repeats).
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

fn convert_event(e: &aws_sdk_sfn::types::HistoryEvent) -> HistoryEvent {
    use serde_json::json;
    let mut state_name = None;
    let detail = if let Some(d) = e.execution_started_event_details() {
        json!({"input": d.input(), "roleArn": d.role_arn()})
    } else if let Some(d) = e.execution_succeeded_event_details() {
        json!({"output": d.output()})
    } else if let Some(d) = e.execution_failed_event_details() {
        json!({"error": d.error(), "cause": d.cause()})
    } else if let Some(d) = e.execution_aborted_event_details() {
        json!({"error": d.error(), "cause": d.cause()})
    } else if let Some(d) = e.execution_timed_out_event_details() {
        json!({"error": d.error(), "cause": d.cause()})
    } else if let Some(d) = e.state_entered_event_details() {
        state_name = Some(d.name().to_owned());
        json!({"name": d.name(), "input": d.input()})
    } else if let Some(d) = e.state_exited_event_details() {
        state_name = Some(d.name().to_owned());
        json!({"name": d.name(), "output": d.output()})
    } else if let Some(d) = e.task_scheduled_event_details() {
        json!({"resourceType": d.resource_type(), "resource": d.resource(),
               "region": d.region(), "parameters": d.parameters()})
    } else if let Some(d) = e.task_succeeded_event_details() {
        json!({"resourceType": d.resource_type(), "resource": d.resource(), "output": d.output()})
    } else if let Some(d) = e.task_failed_event_details() {
        json!({"resourceType": d.resource_type(), "resource": d.resource(),
               "error": d.error(), "cause": d.cause()})
    } else if let Some(d) = e.lambda_function_failed_event_details() {
        json!({"error": d.error(), "cause": d.cause()})
    } else if let Some(d) = e.evaluation_failed_event_details() {
        json!({"error": d.error(), "cause": d.cause(), "location": d.location(), "state": d.state()})
    } else {
        json!({})
    };
    HistoryEvent {
        id: e.id(),
        event_type: e.r#type().as_str().to_owned(),
        timestamp: *e.timestamp(),
        state_name,
        detail_json: detail.to_string(),
    }
}

pub mod cli;
pub mod stack;
