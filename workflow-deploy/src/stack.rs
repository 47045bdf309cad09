//! Deploying a synthesized CloudFormation template as a stack, like `cdk deploy`.
//!
//! [`StackDeployer::plan`] creates a change set (CREATE when the stack does not exist or is
//! `REVIEW_IN_PROGRESS`, UPDATE otherwise) and lists what it will change;
//! [`StackDeployer::execute`] runs it and follows the stack events until a terminal status,
//! handing one [`ProgressEvent`] per stack event to a [`ProgressSink`];
//! [`StackDeployer::deploy`] does both, and [`StackDeployer::destroy`] deletes the stack.
//!
//! ```no_run
//! use std::collections::BTreeMap;
//! use workflow_deploy::stack::{ProgressEvent, StackDeployer, StackRequest};
//!
//! # async fn deploy(template_json: String) -> Result<(), workflow_deploy::stack::StackError> {
//! let deployer = StackDeployer::for_endpoint("http://127.0.0.1:5000", "us-east-1", "testing", "testing");
//! let request = StackRequest::new("orders", template_json)?
//!     .parameter("ChargeFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:charge");
//! let mut print = |event: &ProgressEvent| println!("{event}");
//! let report = deployer.deploy(&request, &mut print).await?;
//! println!("{:?}: {:?}", report.action, report.outputs);
//! # Ok(())
//! # }
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::Write;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::config::{Credentials, Region};
use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetStatus, ChangeSetType, Parameter, StackEvent,
};

use crate::aws_error::{self, Failure};

/// What can go wrong while deploying or destroying a stack.
#[derive(Debug, thiserror::Error)]
pub enum StackError {
    /// The endpoint could not be reached (connection refused, DNS, timeout).
    #[error(
        "cannot reach the CloudFormation endpoint {endpoint} ({operation}): {message}. Check --endpoint-url or --region and the network, then run the command again."
    )]
    Unreachable {
        /// The endpoint URL, or a description of the default endpoint.
        endpoint: String,
        /// The API operation that was attempted.
        operation: &'static str,
        /// The underlying error.
        message: String,
    },
    /// No credentials could be loaded, or the service refused them (invalid, expired, without
    /// permission).
    #[error(
        "{operation}: no usable credentials: {message}. Check --profile, the AWS_* environment variables or the permissions of the identity."
    )]
    Credentials {
        /// The API operation.
        operation: &'static str,
        /// The error code and message (never the credentials themselves).
        message: String,
    },
    /// The service answered another error.
    #[error("{operation} failed: {message}")]
    Api {
        /// The API operation.
        operation: &'static str,
        /// The error code and message.
        message: String,
    },
    /// The template is not a JSON object with `Resources`.
    #[error("the template is not valid: {0}")]
    Template(String),
    /// The change set could not be created or executed: the endpoint rejected it outright.
    #[error(
        "stack {stack}: the endpoint rejected the change set ({operation}): {reason}. The template's resource types are {}; fix the resource the message names, or check that the endpoint supports every type, then deploy again.",
        resource_types.join(", ")
    )]
    Rejected {
        /// The stack name.
        stack: String,
        /// The API operation that failed.
        operation: &'static str,
        /// What the endpoint said.
        reason: String,
        /// Every resource type of the template, sorted.
        resource_types: Vec<String>,
    },
    /// The stack ended in a failed or rolled-back status.
    #[error(
        "stack {stack} failed with status {status}: {}",
        describe_failures(failures)
    )]
    Failed {
        /// The stack name.
        stack: String,
        /// The terminal status, e.g. `ROLLBACK_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`.
        status: String,
        /// The resources whose events report a failure, oldest first.
        failures: Vec<FailedResource>,
    },
    /// The endpoint reported success but did not create some resources of the template: it
    /// does not support their types (local emulators such as `moto_server` skip AppSync and
    /// Amplify resources).
    #[error(
        "stack {stack}: the endpoint did not create {}: it does not support these resource types. Deploy to AWS, or leave these resources out of the stack used with this endpoint.",
        resources.iter().map(|r| format!("{} ({})", r.logical_id, r.resource_type)).collect::<Vec<_>>().join(", ")
    )]
    Unsupported {
        /// The stack name.
        stack: String,
        /// The resources of the template that the stack lacks.
        resources: Vec<MissingResource>,
    },
    /// A wait did not end in time.
    #[error("stack {stack} did not reach a final status within {waited:?} (last status {status})")]
    Timeout {
        /// The stack name.
        stack: String,
        /// How long was waited.
        waited: Duration,
        /// The status at the last poll.
        status: String,
    },
}

/// A `Result` with [`StackError`].
pub type Result<T, E = StackError> = std::result::Result<T, E>;

/// A resource whose stack event reported a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedResource {
    /// Its logical id.
    pub logical_id: String,
    /// Its resource type.
    pub resource_type: String,
    /// The failed status, e.g. `CREATE_FAILED`.
    pub status: String,
    /// The reason CloudFormation gave.
    pub reason: String,
}

/// A resource of the template that the deployed stack lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingResource {
    /// Its logical id.
    pub logical_id: String,
    /// Its resource type.
    pub resource_type: String,
}

fn describe_failures(failures: &[FailedResource]) -> String {
    if failures.is_empty() {
        return "no resource event names the cause".to_owned();
    }
    failures
        .iter()
        .map(|f| {
            format!(
                "{} ({}) {}: {}",
                f.logical_id, f.resource_type, f.status, f.reason
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A stack to create or update from a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackRequest {
    /// The stack name.
    pub stack_name: String,
    /// The template as JSON text.
    pub template_body: String,
    /// Template parameters.
    pub parameters: BTreeMap<String, String>,
    /// The capabilities the template needs (found in it by [`StackRequest::new`]).
    pub capabilities: Vec<Capability>,
    resources: Vec<MissingResource>,
}

impl StackRequest {
    /// A request for `template_json` (a CloudFormation template in JSON), with the
    /// capabilities its IAM resources need: `CAPABILITY_IAM` for any `AWS::IAM::*` resource,
    /// `CAPABILITY_NAMED_IAM` when one of them has a custom name.
    ///
    /// # Errors
    ///
    /// [`StackError::Template`] when the text is not a JSON object with a `Resources` object.
    pub fn new(stack_name: impl Into<String>, template_json: impl Into<String>) -> Result<Self> {
        let template_body = template_json.into();
        let template: serde_json::Value = serde_json::from_str(&template_body)
            .map_err(|e| StackError::Template(format!("not JSON: {e}")))?;
        let resources = template
            .get("Resources")
            .and_then(|r| r.as_object())
            .ok_or_else(|| StackError::Template("no Resources object".to_owned()))?;
        let mut iam = false;
        let mut named_iam = false;
        let mut listed = Vec::new();
        for (id, resource) in resources {
            let resource_type = resource.get("Type").and_then(|t| t.as_str()).unwrap_or("");
            if resource_type.starts_with("AWS::IAM::") {
                iam = true;
                const NAMES: [&str; 5] = [
                    "RoleName",
                    "UserName",
                    "GroupName",
                    "ManagedPolicyName",
                    "InstanceProfileName",
                ];
                let props = resource.get("Properties");
                named_iam |= NAMES
                    .iter()
                    .any(|n| props.and_then(|p| p.get(*n)).is_some());
            }
            // A resource under a condition may rightly be absent from the stack.
            if resource.get("Condition").is_none() {
                listed.push(MissingResource {
                    logical_id: id.clone(),
                    resource_type: resource_type.to_owned(),
                });
            }
        }
        let mut capabilities = Vec::new();
        if iam {
            capabilities.push(Capability::CapabilityIam);
        }
        if named_iam {
            capabilities.push(Capability::CapabilityNamedIam);
        }
        Ok(StackRequest {
            stack_name: stack_name.into(),
            template_body,
            parameters: BTreeMap::new(),
            capabilities,
            resources: listed,
        })
    }

    /// Sets a template parameter.
    pub fn parameter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.insert(key.into(), value.into());
        self
    }

    fn resource_types(&self) -> Vec<String> {
        let mut types: Vec<String> = self
            .resources
            .iter()
            .map(|r| r.resource_type.clone())
            .collect();
        types.sort();
        types.dedup();
        types
    }
}

/// What a change set does to one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeAction {
    /// The resource is created.
    Add,
    /// The resource is changed (see [`ResourceChange::replacement`]).
    Modify,
    /// The resource is deleted.
    Remove,
    /// Another action (`Import`, `Dynamic`), as the service names it.
    Other(String),
}

impl fmt::Display for ChangeAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeAction::Add => "Add",
            ChangeAction::Modify => "Modify",
            ChangeAction::Remove => "Remove",
            ChangeAction::Other(name) => name,
        })
    }
}

/// One resource change of a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceChange {
    /// What happens to the resource.
    pub action: ChangeAction,
    /// Its logical id.
    pub logical_id: String,
    /// Its resource type.
    pub resource_type: String,
    /// For [`ChangeAction::Modify`]: `True`, `False` or `Conditional`.
    pub replacement: Option<String>,
}

/// Whether a change set creates the stack or updates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKind {
    /// The stack does not exist yet (or only as `REVIEW_IN_PROGRESS`).
    Create,
    /// The stack exists.
    Update,
}

/// A change set that is ready to execute, or the news that nothing would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The template and parameters match the stack; no change set is left behind.
    Unchanged {
        /// The stack name.
        stack: String,
    },
    /// A change set waiting to be executed or discarded.
    Ready(ChangeSet),
}

/// A created change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// The stack name.
    pub stack: String,
    /// The stack's ARN (a name can later stand for another stack of that name).
    pub stack_id: String,
    /// The change set's ARN.
    pub id: String,
    /// CREATE or UPDATE.
    pub kind: PlanKind,
    /// The resource changes, in the service's order.
    pub changes: Vec<ResourceChange>,
    resources: Vec<MissingResource>,
    resource_types: Vec<String>,
}

/// Prints `changes` as a table: action, logical id, type, replacement.
///
/// # Errors
///
/// When writing fails.
pub fn write_changes(out: &mut dyn Write, changes: &[ResourceChange]) -> std::io::Result<()> {
    if changes.is_empty() {
        return writeln!(out, "(the change set lists no resource changes)");
    }
    let id_width = changes
        .iter()
        .map(|c| c.logical_id.len())
        .chain([10])
        .max()
        .unwrap_or(10);
    let type_width = changes
        .iter()
        .map(|c| c.resource_type.len())
        .chain([4])
        .max()
        .unwrap_or(4);
    writeln!(
        out,
        "{:<8} {:<id_width$} {:<type_width$} Replacement",
        "Action", "Logical id", "Type"
    )?;
    for c in changes {
        writeln!(
            out,
            "{:<8} {:<id_width$} {:<type_width$} {}",
            c.action.to_string(),
            c.logical_id,
            c.resource_type,
            c.replacement.as_deref().unwrap_or("-")
        )?;
    }
    Ok(())
}

/// One stack event, as the progress display shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressEvent {
    /// Time since the operation started.
    pub elapsed: Duration,
    /// The resource status, e.g. `CREATE_IN_PROGRESS`.
    pub status: String,
    /// The resource type (`AWS::CloudFormation::Stack` for the stack itself).
    pub resource_type: String,
    /// The logical id.
    pub logical_id: String,
    /// The status reason, if any.
    pub reason: Option<String>,
}

impl fmt::Display for ProgressEvent {
    /// `  1.2s | CREATE_COMPLETE      | AWS::IAM::Role | OrdersRole | reason`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>6.1}s | {:<20} | {} | {}",
            self.elapsed.as_secs_f64(),
            self.status,
            self.resource_type,
            self.logical_id
        )?;
        if let Some(reason) = &self.reason {
            write!(f, " | {reason}")?;
        }
        Ok(())
    }
}

/// Receives the progress of a deploy or destroy, one stack event at a time.
pub trait ProgressSink: Send {
    /// Called once per new stack event, oldest first.
    fn event(&mut self, event: &ProgressEvent);
}

impl<F: FnMut(&ProgressEvent) + Send> ProgressSink for F {
    fn event(&mut self, event: &ProgressEvent) {
        self(event)
    }
}

/// What [`StackDeployer::deploy`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StackAction {
    /// The stack was created.
    Created,
    /// The stack was updated.
    Updated,
    /// Nothing changed; nothing was executed.
    Unchanged,
}

/// The result of a deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployReport {
    /// The stack name.
    pub stack: String,
    /// What was done.
    pub action: StackAction,
    /// The final stack status (the current one when unchanged).
    pub status: String,
    /// The stack outputs, by name.
    pub outputs: BTreeMap<String, String>,
}

/// What [`StackDeployer::destroy`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestroyOutcome {
    /// The stack was deleted.
    Deleted,
    /// There was no such stack.
    Absent,
}

/// The stack's status and outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackInfo {
    /// The stack's ARN.
    pub id: String,
    /// Its status, e.g. `CREATE_COMPLETE`.
    pub status: String,
    /// The status reason, if any.
    pub reason: Option<String>,
    /// Its outputs, by name.
    pub outputs: BTreeMap<String, String>,
}

/// Deploys and destroys stacks through one CloudFormation client.
#[derive(Debug)]
pub struct StackDeployer {
    client: aws_sdk_cloudformation::Client,
    endpoint: String,
    poll: Duration,
    timeout: Duration,
}

impl StackDeployer {
    /// A deployer using `client`; `endpoint` names the endpoint in error messages. Polls every
    /// 2 s and waits up to 30 minutes.
    pub fn new(client: aws_sdk_cloudformation::Client, endpoint: impl Into<String>) -> Self {
        StackDeployer {
            client,
            endpoint: endpoint.into(),
            poll: Duration::from_secs(2),
            timeout: Duration::from_secs(30 * 60),
        }
    }

    /// A deployer talking to `endpoint_url` (a local test server such as `moto_server`) in
    /// `region` with fixed credentials.
    pub fn for_endpoint(endpoint_url: &str, region: &str, access_key: &str, secret: &str) -> Self {
        let config = aws_sdk_cloudformation::Config::builder()
            .behavior_version(aws_sdk_cloudformation::config::BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .endpoint_url(endpoint_url)
            .credentials_provider(Credentials::new(access_key, secret, None, None, "static"))
            .build();
        StackDeployer::new(
            aws_sdk_cloudformation::Client::from_conf(config),
            endpoint_url,
        )
    }

    /// Sets how often stack events and change sets are polled.
    pub fn poll_interval(mut self, poll: Duration) -> Self {
        self.poll = poll;
        self
    }

    /// Sets how long one wait (change set creation, execution, deletion) may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The underlying client.
    pub fn client(&self) -> &aws_sdk_cloudformation::Client {
        &self.client
    }

    fn sdk_error<E>(&self, operation: &'static str, err: SdkError<E, HttpResponse>) -> StackError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let failure = aws_error::classify(&err);
        match failure {
            Failure::Credentials if err.code().is_none() => StackError::Credentials {
                operation,
                message: aws_error::source_chain(&err),
            },
            Failure::Unreachable => StackError::Unreachable {
                endpoint: self.endpoint.clone(),
                operation,
                message: aws_error::source_chain(&err),
            },
            _ => {
                let message = match aws_error::code_and_message(&err) {
                    Some(message) => message,
                    // No error code: an endpoint that failed internally (e.g. HTTP 500).
                    None => match err.raw_response() {
                        Some(raw) => format!(
                            "HTTP {} without an error code ({})",
                            raw.status().as_u16(),
                            aws_error::source_chain(&err)
                        ),
                        None => aws_error::source_chain(&err),
                    },
                };
                // CloudFormation reports an identity without the permission as refused too.
                if matches!(failure, Failure::Credentials | Failure::AccessDenied) {
                    StackError::Credentials { operation, message }
                } else {
                    StackError::Api { operation, message }
                }
            }
        }
    }

    /// The stack's status and outputs; `None` when there is no such stack (or it is deleted).
    ///
    /// # Errors
    ///
    /// When the endpoint cannot be reached or answers another error.
    pub async fn describe(&self, stack: &str) -> Result<Option<StackInfo>> {
        let out = match self.client.describe_stacks().stack_name(stack).send().await {
            Ok(out) => out,
            Err(err) if is_missing_stack(&err) => return Ok(None),
            Err(err) => return Err(self.sdk_error("DescribeStacks", err)),
        };
        let Some(s) = out.stacks().first() else {
            return Ok(None);
        };
        let status = s.stack_status().map(|s| s.as_str()).unwrap_or("");
        if status == "DELETE_COMPLETE" {
            return Ok(None);
        }
        Ok(Some(StackInfo {
            id: s.stack_id().unwrap_or_default().to_owned(),
            status: status.to_owned(),
            reason: s.stack_status_reason().map(str::to_owned),
            outputs: s
                .outputs()
                .iter()
                .filter_map(|o| {
                    Some((
                        o.output_key()?.to_owned(),
                        o.output_value().unwrap_or("").to_owned(),
                    ))
                })
                .collect(),
        }))
    }

    /// The physical id of the resource `logical_id` of the stack (for a state machine, its
    /// ARN).
    ///
    /// # Errors
    ///
    /// When the stack or resource does not exist, or the endpoint fails.
    pub async fn physical_id(&self, stack: &str, logical_id: &str) -> Result<String> {
        let out = self
            .client
            .describe_stack_resource()
            .stack_name(stack)
            .logical_resource_id(logical_id)
            .send()
            .await
            .map_err(|e| self.sdk_error("DescribeStackResource", e))?;
        out.stack_resource_detail()
            .and_then(|d| d.physical_resource_id())
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| StackError::Api {
                operation: "DescribeStackResource",
                message: format!("stack {stack} has no physical id for {logical_id}"),
            })
    }

    /// Waits until the stack is in no `*_IN_PROGRESS` status other than `REVIEW_IN_PROGRESS`
    /// (a deploy that was interrupted on the client side keeps running on the service).
    async fn settle(&self, stack: &str) -> Result<Option<StackInfo>> {
        let start = Instant::now();
        loop {
            let info = self.describe(stack).await?;
            match &info {
                Some(i)
                    if i.status.ends_with("_IN_PROGRESS") && i.status != "REVIEW_IN_PROGRESS" =>
                {
                    if start.elapsed() >= self.timeout {
                        return Err(StackError::Timeout {
                            stack: stack.to_owned(),
                            waited: self.timeout,
                            status: i.status.clone(),
                        });
                    }
                    tokio::time::sleep(self.poll).await;
                }
                _ => return Ok(info),
            }
        }
    }

    /// Creates a change set for `request` and waits until it is ready. An empty change set is
    /// deleted and reported as [`Plan::Unchanged`]. A stack left in `ROLLBACK_COMPLETE` by a
    /// failed creation cannot be updated, so it is deleted first.
    ///
    /// # Errors
    ///
    /// [`StackError::Rejected`] when the endpoint refuses the change set; endpoint errors.
    pub async fn plan(&self, request: &StackRequest) -> Result<Plan> {
        let stack = request.stack_name.as_str();
        let mut existing = self.settle(stack).await?;
        // Neither holds resources to keep: ROLLBACK_COMPLETE (a failed creation) cannot be
        // updated, and REVIEW_IN_PROGRESS is what an interrupted or rejected creation leaves.
        if let Some(info) = existing.as_ref().filter(|i| {
            matches!(
                i.status.as_str(),
                "ROLLBACK_COMPLETE" | "REVIEW_IN_PROGRESS"
            )
        }) {
            self.delete_and_wait(stack, &info.id, &mut |_: &ProgressEvent| {})
                .await?;
            existing = None;
        }
        let kind = if existing.is_some() {
            PlanKind::Update
        } else {
            PlanKind::Create
        };
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let parameters: Vec<Parameter> = request
            .parameters
            .iter()
            .map(|(k, v)| {
                Parameter::builder()
                    .parameter_key(k)
                    .parameter_value(v)
                    .build()
            })
            .collect();
        let created = self
            .client
            .create_change_set()
            .stack_name(stack)
            .change_set_name(format!("workflow-{millis}"))
            .template_body(&request.template_body)
            .change_set_type(match kind {
                PlanKind::Create => ChangeSetType::Create,
                PlanKind::Update => ChangeSetType::Update,
            })
            .set_capabilities(Some(request.capabilities.clone()))
            .set_parameters(Some(parameters))
            .send()
            .await;
        let created = match created {
            Ok(out) => out,
            Err(err) if err.message().is_some_and(means_no_changes) => {
                return Ok(Plan::Unchanged {
                    stack: stack.to_owned(),
                });
            }
            Err(err) => {
                return Err(self.rejected(request, "CreateChangeSet", err));
            }
        };
        let id = created.id().unwrap_or_default().to_owned();
        let stack_id = created.stack_id().unwrap_or(stack).to_owned();
        let start = Instant::now();
        loop {
            let (status, reason, changes) = self.describe_change_set(stack, &id).await?;
            match status {
                ChangeSetStatus::CreateComplete => {
                    return Ok(Plan::Ready(ChangeSet {
                        stack: stack.to_owned(),
                        stack_id,
                        id,
                        kind,
                        changes,
                        resources: request.resources.clone(),
                        resource_types: request.resource_types(),
                    }));
                }
                ChangeSetStatus::Failed => {
                    let reason = reason.unwrap_or_default();
                    self.delete_change_set(stack, &id).await?;
                    if means_no_changes(&reason) {
                        return Ok(Plan::Unchanged {
                            stack: stack.to_owned(),
                        });
                    }
                    return Err(StackError::Rejected {
                        stack: stack.to_owned(),
                        operation: "CreateChangeSet",
                        reason,
                        resource_types: request.resource_types(),
                    });
                }
                other => {
                    if start.elapsed() >= self.timeout {
                        return Err(StackError::Timeout {
                            stack: stack.to_owned(),
                            waited: self.timeout,
                            status: format!("change set {}", other.as_str()),
                        });
                    }
                    tokio::time::sleep(self.poll).await;
                }
            }
        }
    }

    fn rejected<E>(
        &self,
        request: &StackRequest,
        operation: &'static str,
        err: SdkError<E, HttpResponse>,
    ) -> StackError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match self.sdk_error(operation, err) {
            StackError::Api { message, .. } => StackError::Rejected {
                stack: request.stack_name.clone(),
                operation,
                reason: message,
                resource_types: request.resource_types(),
            },
            other => other,
        }
    }

    async fn describe_change_set(
        &self,
        stack: &str,
        id: &str,
    ) -> Result<(ChangeSetStatus, Option<String>, Vec<ResourceChange>)> {
        let pages = self
            .client
            .describe_change_set()
            .stack_name(stack)
            .change_set_name(id)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.sdk_error("DescribeChangeSet", e))?;
        let changes = pages
            .iter()
            .flat_map(|page| page.changes())
            .filter_map(|c| c.resource_change())
            .map(|rc| ResourceChange {
                action: match rc.action().map(|a| a.as_str()) {
                    Some("Add") => ChangeAction::Add,
                    Some("Modify") => ChangeAction::Modify,
                    Some("Remove") => ChangeAction::Remove,
                    other => ChangeAction::Other(other.unwrap_or("").to_owned()),
                },
                logical_id: rc.logical_resource_id().unwrap_or_default().to_owned(),
                resource_type: rc.resource_type().unwrap_or_default().to_owned(),
                replacement: rc.replacement().map(|r| r.as_str().to_owned()),
            })
            .collect();
        // Every page repeats the change set's status; the last one is the newest.
        let last = pages.last();
        let status = last
            .and_then(|page| page.status().cloned())
            .unwrap_or(ChangeSetStatus::CreatePending);
        let reason = last
            .and_then(|page| page.status_reason())
            .map(str::to_owned);
        Ok((status, reason, changes))
    }

    async fn delete_change_set(&self, stack: &str, id: &str) -> Result<()> {
        self.client
            .delete_change_set()
            .stack_name(stack)
            .change_set_name(id)
            .send()
            .await
            .map_err(|e| self.sdk_error("DeleteChangeSet", e))?;
        Ok(())
    }

    /// Deletes a change set without executing it; for a CREATE change set the empty
    /// `REVIEW_IN_PROGRESS` stack it made is deleted too, so nothing is left behind.
    ///
    /// # Errors
    ///
    /// Endpoint errors.
    pub async fn discard(&self, change_set: &ChangeSet) -> Result<()> {
        self.delete_change_set(&change_set.stack, &change_set.id)
            .await?;
        if change_set.kind == PlanKind::Create
            && self
                .describe(&change_set.stack)
                .await?
                .is_some_and(|i| i.status == "REVIEW_IN_PROGRESS")
        {
            self.client
                .delete_stack()
                .stack_name(&change_set.stack)
                .send()
                .await
                .map_err(|e| self.sdk_error("DeleteStack", e))?;
        }
        Ok(())
    }

    /// The ids of the stack's events so far (every page).
    async fn event_ids(&self, stack: &str) -> Result<HashSet<String>> {
        Ok(self
            .new_events(stack, &HashSet::new())
            .await?
            .into_iter()
            .filter_map(|e| e.event_id().map(str::to_owned))
            .collect())
    }

    /// The events not in `seen`, oldest first (pages are read until a seen event shows up).
    async fn new_events(&self, stack: &str, seen: &HashSet<String>) -> Result<Vec<StackEvent>> {
        let mut fresh = Vec::new();
        let mut events = self
            .client
            .describe_stack_events()
            .stack_name(stack)
            .into_paginator()
            .items()
            .send();
        loop {
            match events.try_next().await {
                Ok(Some(event)) if event.event_id().is_some_and(|id| seen.contains(id)) => break,
                Ok(Some(event)) => fresh.push(event),
                Ok(None) => break,
                Err(err) if is_missing_stack(&err) => break,
                Err(err) => return Err(self.sdk_error("DescribeStackEvents", err)),
            }
        }
        fresh.reverse();
        Ok(fresh)
    }

    /// Polls the stack's events until the stack reaches a terminal status, reporting each new
    /// event; returns the final status (`None`: the stack is gone) and the events seen.
    async fn follow(
        &self,
        stack: &str,
        seen: &mut HashSet<String>,
        start: Instant,
        sink: &mut dyn ProgressSink,
    ) -> Result<(Option<String>, Vec<StackEvent>)> {
        let mut all = Vec::new();
        loop {
            let info = self.describe(stack).await?;
            let fresh = self.new_events(stack, seen).await?;
            for event in fresh {
                if let Some(id) = event.event_id() {
                    seen.insert(id.to_owned());
                }
                sink.event(&progress_event(&event, start.elapsed()));
                all.push(event);
            }
            let status = info.map(|i| i.status);
            match &status {
                Some(s) if s.ends_with("_IN_PROGRESS") => {}
                _ => return Ok((status, all)),
            }
            if start.elapsed() >= self.timeout {
                return Err(StackError::Timeout {
                    stack: stack.to_owned(),
                    waited: self.timeout,
                    status: status.unwrap_or_default(),
                });
            }
            tokio::time::sleep(self.poll).await;
        }
    }

    /// Executes a change set from [`StackDeployer::plan`] and follows the stack until it ends.
    ///
    /// # Errors
    ///
    /// [`StackError::Failed`] on a rollback or failure (with the failing resources and
    /// reasons), [`StackError::Rejected`] when the endpoint refuses the execution,
    /// [`StackError::Unsupported`] when the stack lacks resources of the template,
    /// [`StackError::Timeout`], endpoint errors.
    pub async fn execute(
        &self,
        change_set: &ChangeSet,
        sink: &mut dyn ProgressSink,
    ) -> Result<DeployReport> {
        let stack = change_set.stack_id.as_str();
        let start = Instant::now();
        let mut seen = self.event_ids(stack).await?;
        if let Err(err) = self
            .client
            .execute_change_set()
            .stack_name(stack)
            .change_set_name(&change_set.id)
            .send()
            .await
        {
            // Show what the endpoint recorded before it refused.
            let _ = self.follow_once(stack, &mut seen, start, sink).await;
            return Err(match self.sdk_error("ExecuteChangeSet", err) {
                StackError::Api { message, .. } => StackError::Rejected {
                    stack: change_set.stack.clone(),
                    operation: "ExecuteChangeSet",
                    reason: message,
                    resource_types: change_set.resource_types.clone(),
                },
                other => other,
            });
        }
        let (status, events) = self.follow(stack, &mut seen, start, sink).await?;
        let status = status.unwrap_or_else(|| "DELETE_COMPLETE".to_owned());
        if !matches!(status.as_str(), "CREATE_COMPLETE" | "UPDATE_COMPLETE") {
            return Err(StackError::Failed {
                stack: change_set.stack.clone(),
                status,
                failures: failures(&events),
            });
        }
        let missing = match self.missing_resources(stack, &change_set.resources).await {
            Ok(missing) => missing,
            // An endpoint that reports the stack complete and then cannot list its resources
            // (moto answers HTTP 500 after skipping a resource type it does not know).
            Err(StackError::Api { operation, message }) => {
                return Err(StackError::Rejected {
                    stack: change_set.stack.clone(),
                    operation,
                    reason: message,
                    resource_types: change_set.resource_types.clone(),
                });
            }
            Err(other) => return Err(other),
        };
        if !missing.is_empty() {
            return Err(StackError::Unsupported {
                stack: change_set.stack.clone(),
                resources: missing,
            });
        }
        let outputs = self
            .describe(stack)
            .await?
            .map(|i| i.outputs)
            .unwrap_or_default();
        Ok(DeployReport {
            stack: change_set.stack.clone(),
            action: match change_set.kind {
                PlanKind::Create => StackAction::Created,
                PlanKind::Update => StackAction::Updated,
            },
            status,
            outputs,
        })
    }

    async fn follow_once(
        &self,
        stack: &str,
        seen: &mut HashSet<String>,
        start: Instant,
        sink: &mut dyn ProgressSink,
    ) -> Result<()> {
        for event in self.new_events(stack, seen).await? {
            if let Some(id) = event.event_id() {
                seen.insert(id.to_owned());
            }
            sink.event(&progress_event(&event, start.elapsed()));
        }
        Ok(())
    }

    /// The resources of `wanted` that the stack does not list (every page).
    async fn missing_resources(
        &self,
        stack: &str,
        wanted: &[MissingResource],
    ) -> Result<Vec<MissingResource>> {
        let present: HashSet<String> = self
            .resources(stack)
            .await?
            .into_iter()
            .map(|r| r.logical_id)
            .filter(|id| !id.is_empty())
            .collect();
        Ok(wanted
            .iter()
            .filter(|r| !present.contains(&r.logical_id))
            .cloned()
            .collect())
    }

    /// Plans and executes: creates the stack or updates it, and does nothing (no change set
    /// executed) when nothing changed.
    ///
    /// # Errors
    ///
    /// As [`StackDeployer::plan`] and [`StackDeployer::execute`].
    pub async fn deploy(
        &self,
        request: &StackRequest,
        sink: &mut dyn ProgressSink,
    ) -> Result<DeployReport> {
        match self.plan(request).await? {
            Plan::Unchanged { stack } => {
                let info = self.describe(&stack).await?;
                Ok(DeployReport {
                    stack,
                    action: StackAction::Unchanged,
                    status: info.as_ref().map(|i| i.status.clone()).unwrap_or_default(),
                    outputs: info.map(|i| i.outputs).unwrap_or_default(),
                })
            }
            Plan::Ready(change_set) => self.execute(&change_set, sink).await,
        }
    }

    /// Deletes the stack `stack` (name) whose ARN is `stack_id`, following it by its ARN (the
    /// name no longer resolves once the stack is deleted).
    async fn delete_and_wait(
        &self,
        stack: &str,
        stack_id: &str,
        sink: &mut dyn ProgressSink,
    ) -> Result<()> {
        let start = Instant::now();
        let mut seen = self.event_ids(stack_id).await?;
        self.client
            .delete_stack()
            .stack_name(stack_id)
            .send()
            .await
            .map_err(|e| self.sdk_error("DeleteStack", e))?;
        let (status, events) = self.follow(stack_id, &mut seen, start, sink).await?;
        match status {
            None => Ok(()),
            Some(status) => Err(StackError::Failed {
                stack: stack.to_owned(),
                status,
                failures: failures(&events),
            }),
        }
    }

    /// Deletes the stack and follows its events until it is gone; [`DestroyOutcome::Absent`]
    /// when there is no such stack.
    ///
    /// # Errors
    ///
    /// [`StackError::Failed`] when the deletion fails (`DELETE_FAILED`), endpoint errors.
    pub async fn destroy(
        &self,
        stack: &str,
        sink: &mut dyn ProgressSink,
    ) -> Result<DestroyOutcome> {
        let Some(info) = self.settle(stack).await? else {
            return Ok(DestroyOutcome::Absent);
        };
        self.delete_and_wait(stack, &info.id, sink).await?;
        Ok(DestroyOutcome::Deleted)
    }

    /// The resources of the deployed stack: logical id and type.
    ///
    /// # Errors
    ///
    /// Endpoint errors (including a missing stack).
    pub async fn resources(&self, stack: &str) -> Result<Vec<MissingResource>> {
        let resources = self
            .client
            .list_stack_resources()
            .stack_name(stack)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.sdk_error("ListStackResources", e))?;
        Ok(resources
            .iter()
            .map(|r| MissingResource {
                logical_id: r.logical_resource_id().unwrap_or_default().to_owned(),
                resource_type: r.resource_type().unwrap_or_default().to_owned(),
            })
            .collect())
    }
}

/// CloudFormation's ways of saying that a change set would change nothing.
fn means_no_changes(message: &str) -> bool {
    message.contains("didn't contain changes") || message.contains("No updates are to be performed")
}

fn is_missing_stack<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    err.code() == Some("ValidationError")
        && err.message().is_some_and(|m| m.contains("does not exist"))
}

fn progress_event(event: &StackEvent, elapsed: Duration) -> ProgressEvent {
    ProgressEvent {
        elapsed,
        status: event
            .resource_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        resource_type: event.resource_type().unwrap_or_default().to_owned(),
        logical_id: event.logical_resource_id().unwrap_or_default().to_owned(),
        reason: event
            .resource_status_reason()
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
    }
}

/// The resources whose events report a failure, oldest first: the first failure of each
/// resource other than the stack itself, skipping the "Resource creation cancelled" echoes of
/// resources that only stopped because another one failed.
pub fn failures(events: &[StackEvent]) -> Vec<FailedResource> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for event in events {
        let status = event.resource_status().map(|s| s.as_str()).unwrap_or("");
        let resource_type = event.resource_type().unwrap_or_default();
        if !status.ends_with("_FAILED") || resource_type == "AWS::CloudFormation::Stack" {
            continue;
        }
        let reason = event.resource_status_reason().unwrap_or_default();
        if reason.contains("Resource creation cancelled") {
            continue;
        }
        let logical_id = event.logical_resource_id().unwrap_or_default();
        if seen.insert(logical_id.to_owned()) {
            out.push(FailedResource {
                logical_id: logical_id.to_owned(),
                resource_type: resource_type.to_owned(),
                status: status.to_owned(),
                reason: reason.to_owned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudformation::types::ResourceStatus;

    fn event(id: &str, kind: &str, status: ResourceStatus, reason: &str) -> StackEvent {
        StackEvent::builder()
            .event_id(id)
            .stack_id("stack-id")
            .stack_name("orders")
            .logical_resource_id(id)
            .resource_type(kind)
            .resource_status(status)
            .resource_status_reason(reason)
            .timestamp(aws_sdk_cloudformation::primitives::DateTime::from_secs(0))
            .build()
    }

    #[test]
    fn a_rollback_names_the_failing_resource_and_reason() {
        let events = vec![
            event(
                "Role",
                "AWS::IAM::Role",
                ResourceStatus::CreateInProgress,
                "",
            ),
            event(
                "Queue",
                "AWS::SQS::Queue",
                ResourceStatus::CreateFailed,
                "Resource handler returned message: \"Invalid queue name\"",
            ),
            event(
                "Role",
                "AWS::IAM::Role",
                ResourceStatus::CreateFailed,
                "Resource creation cancelled",
            ),
            event(
                "orders",
                "AWS::CloudFormation::Stack",
                ResourceStatus::RollbackInProgress,
                "The following resource(s) failed to create: [Queue].",
            ),
        ];
        let found = failures(&events);
        assert_eq!(
            found,
            vec![FailedResource {
                logical_id: "Queue".into(),
                resource_type: "AWS::SQS::Queue".into(),
                status: "CREATE_FAILED".into(),
                reason: "Resource handler returned message: \"Invalid queue name\"".into(),
            }]
        );
        let err = StackError::Failed {
            stack: "orders".into(),
            status: "ROLLBACK_COMPLETE".into(),
            failures: found,
        };
        assert_eq!(
            err.to_string(),
            "stack orders failed with status ROLLBACK_COMPLETE: Queue (AWS::SQS::Queue) \
             CREATE_FAILED: Resource handler returned message: \"Invalid queue name\""
        );
    }

    #[test]
    fn capabilities_follow_the_iam_resources() {
        let plain = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#;
        assert!(
            StackRequest::new("s", plain)
                .unwrap()
                .capabilities
                .is_empty()
        );
        let role = r#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}"#;
        assert_eq!(
            StackRequest::new("s", role).unwrap().capabilities,
            vec![Capability::CapabilityIam]
        );
        let named =
            r#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}}}}"#;
        assert_eq!(
            StackRequest::new("s", named).unwrap().capabilities,
            vec![Capability::CapabilityIam, Capability::CapabilityNamedIam]
        );
        assert!(matches!(
            StackRequest::new("s", "[]"),
            Err(StackError::Template(_))
        ));
    }

    #[test]
    fn changes_print_as_a_table() {
        let mut out = Vec::new();
        write_changes(
            &mut out,
            &[
                ResourceChange {
                    action: ChangeAction::Add,
                    logical_id: "OrdersRole".into(),
                    resource_type: "AWS::IAM::Role".into(),
                    replacement: None,
                },
                ResourceChange {
                    action: ChangeAction::Modify,
                    logical_id: "Orders".into(),
                    resource_type: "AWS::StepFunctions::StateMachine".into(),
                    replacement: Some("False".into()),
                },
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Action   Logical id Type                             Replacement\n\
             Add      OrdersRole AWS::IAM::Role                   -\n\
             Modify   Orders     AWS::StepFunctions::StateMachine False\n"
        );
    }
}
