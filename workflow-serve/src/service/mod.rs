//! The Step Functions operations: each takes the request's JSON body and answers with the
//! response's JSON or an [`ApiError`], as the API reference describes them. Executions run on
//! threads of their own on the workflow-local executor.

use crate::broker::{Broker, TokenError};
use crate::error::ApiError;
use crate::store::{Kind, Store, StoreExt};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use workflow_core::{Diagnostic, Format, MachineType, Options, Severity};
use workflow_local::clock::wall_ms;
use workflow_local::{ExecutionConfig, MockConfig, Runner, Status, TaskOutcome};

/// The account and region every ARN the endpoint makes names.
pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";

/// The longest `GetActivityTask` waits for a task, as AWS.
const LONG_POLL: Duration = Duration::from_secs(60);

/// How executions keep time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// Waits, backoffs and timeouts take the time they say.
    #[default]
    Real,
    /// Waits and backoffs take no time (workers still answer in real time).
    Virtual,
}

/// The endpoint's settings.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Step Functions Local's mock configuration, for `stateMachineArn#TestCase` starts.
    pub mocks: Option<MockConfig>,
    pub clock: Clock,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MachineRecord {
    arn: String,
    name: String,
    definition: String,
    role_arn: String,
    machine_type: String,
    created: f64,
    revision_id: String,
    #[serde(default)]
    description: String,
    logging: Value,
    tracing: Value,
    /// The number the next published version gets.
    next_version: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct VersionRecord {
    arn: String,
    machine_arn: String,
    definition: String,
    role_arn: String,
    machine_type: String,
    revision_id: String,
    description: String,
    created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AliasRecord {
    arn: String,
    machine_arn: String,
    name: String,
    description: String,
    routing: Vec<Route>,
    created: f64,
    updated: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Route {
    #[serde(rename = "stateMachineVersionArn")]
    version_arn: String,
    weight: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ActivityRecord {
    arn: String,
    name: String,
    created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ExecutionRecord {
    arn: String,
    machine_arn: String,
    version_arn: Option<String>,
    alias_arn: Option<String>,
    name: String,
    status: String,
    start: f64,
    stop: Option<f64>,
    input: String,
    output: Option<String>,
    error: Option<String>,
    cause: Option<String>,
    definition: String,
    role_arn: String,
    machine_type: String,
    revision_id: String,
    /// The events, in the `GetExecutionHistory` shape.
    history: Vec<Value>,
    /// What the run was seeded with (its generated tokens and ids), and the mock test case it
    /// runs with: a resumed run repeats the first run exactly.
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    test_case: Option<String>,
}

/// An activity task waiting for its worker (see [`Kind::Task`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingTaskRecord {
    token: String,
}

/// The machine an execution runs: the latest revision, a version, or a version an alias chose.
struct Target {
    machine: MachineRecord,
    definition: String,
    role_arn: String,
    revision_id: String,
    version_arn: Option<String>,
    alias_arn: Option<String>,
}

/// The endpoint's state and operations.
#[derive(Debug)]
pub struct Service {
    store: Arc<dyn Store>,
    broker: Broker,
    settings: Settings,
    /// Serializes read-change-write of records.
    lock: Mutex<()>,
    /// The events of executions still running, by execution ARN.
    live: Mutex<HashMap<String, Vec<Value>>>,
    /// Makes generated names and tokens unique.
    counter: AtomicU64,
}

fn now_seconds() -> f64 {
    wall_ms() as f64 / 1000.0
}

fn str_field<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.get(name).and_then(Value::as_str)
}

fn required<'a>(body: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    str_field(body, name).ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

/// AWS's rule for resource names: 1 to 80 characters, none of them whitespace, brackets,
/// wildcards, punctuation AWS reserves or control characters.
fn check_name(name: &str) -> Result<(), ApiError> {
    const FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";
    let ok = !name.is_empty()
        && name.chars().count() <= 80
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(c));
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidName",
            format!("Invalid Name: '{name}'"),
        ))
    }
}

fn machine_type_of(body: &Value) -> Result<(String, MachineType), ApiError> {
    match str_field(body, "type").unwrap_or("STANDARD") {
        "STANDARD" => Ok(("STANDARD".into(), MachineType::Standard)),
        "EXPRESS" => Ok(("EXPRESS".into(), MachineType::Express)),
        other => Err(ApiError::validation(format!(
            "1 validation error detected: Value '{other}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"
        ))),
    }
}

fn parse_type(text: &str) -> MachineType {
    if text == "EXPRESS" {
        MachineType::Express
    } else {
        MachineType::Standard
    }
}

/// Our validator's findings on a definition.
fn diagnostics(definition: &str, machine_type: MachineType) -> Vec<Diagnostic> {
    let format = if definition.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    };
    let options = Options {
        machine_type: Some(machine_type),
    };
    workflow_core::check(definition, format, &options).diagnostics
}

/// AWS's code spelling of a rule code: `missing-transition-target` → `MISSING_TRANSITION_TARGET`.
fn aws_code(diagnostic: &Diagnostic) -> String {
    diagnostic.code().to_uppercase().replace('-', "_")
}

/// `InvalidDefinition` with the errors in AWS's message form.
fn check_definition(definition: &str, machine_type: MachineType) -> Result<(), ApiError> {
    let errors: Vec<String> = diagnostics(definition, machine_type)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = if d.location.pointer.is_empty() {
                "/".to_string()
            } else {
                d.location.pointer.clone()
            };
            format!("{}: {} at {at}", aws_code(d), d.message)
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidDefinition",
            format!("Invalid State Machine Definition: '{}'", errors.join(", ")),
        ))
    }
}

fn check_role(role_arn: &str) -> Result<(), ApiError> {
    if role_arn.starts_with("arn:") && role_arn.split(':').count() >= 6 {
        Ok(())
    } else {
        Err(ApiError::invalid_arn(role_arn))
    }
}

fn check_input(input: &str) -> Result<(), ApiError> {
    serde_json::from_str::<Value>(input).map(drop).map_err(|e| {
        ApiError::new(
            "InvalidExecutionInput",
            format!("Invalid State Machine Execution Input: '{e}'"),
        )
    })
}

/// `maxResults` and `nextToken` over an ordered list: the page and the next token. Tokens are
/// offsets into the list.
fn page<T>(items: Vec<T>, body: &Value) -> Result<(Vec<T>, Option<String>), ApiError> {
    let max = match body.get("maxResults").and_then(Value::as_u64) {
        Some(0) | None => 100,
        Some(n) if n <= 1000 => n as usize,
        Some(n) => {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '{n}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"
            )));
        }
    };
    let start = match str_field(body, "nextToken") {
        Some(token) => token
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= items.len())
            .ok_or_else(|| ApiError::new("InvalidToken", format!("Invalid Token: '{token}'")))?,
        None => 0,
    };
    let end = (start + max).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    Ok((items.into_iter().skip(start).take(max).collect(), next))
}

fn with_next(mut response: Value, next: Option<String>) -> Value {
    if let (Some(next), Some(object)) = (next, response.as_object_mut()) {
        object.insert("nextToken".into(), Value::String(next));
    }
    response
}

/// The part of a `stateMachine` ARN after the name (`:3` of a version, `:prod` of an alias),
/// and the base ARN.
fn split_machine_arn(arn: &str) -> Option<(String, Option<String>)> {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        ["arn", _, "states", _, _, "stateMachine", name] if !name.is_empty() => {
            Some((arn.to_string(), None))
        }
        ["arn", _, "states", _, _, "stateMachine", name, qualifier]
            if !name.is_empty() && !qualifier.is_empty() =>
        {
            Some((parts[..7].join(":"), Some((*qualifier).to_string())))
        }
        _ => None,
    }
}

fn is_activity_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    matches!(parts.as_slice(), ["arn", _, "states", _, _, "activity", name] if !name.is_empty())
}

fn is_execution_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    matches!(
        parts.as_slice(),
        ["arn", _, "states", _, _, "execution" | "express", ..]
    ) && parts.len() >= 8
}

fn tag_list(tags: &Map<String, Value>) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| json!({"key": key, "value": value}))
            .collect(),
    )
}

impl Service {
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Service {
        Service {
            store,
            broker: Broker::default(),
            settings,
            lock: Mutex::new(()),
            live: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(0),
        }
    }

    fn locked(&self) -> MutexGuard<'_, ()> {
        self.lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn live(&self) -> MutexGuard<'_, HashMap<String, Vec<Value>>> {
        self.live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A fresh identifier: 64 hex digits no earlier call gave.
    fn unique(&self, purpose: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut hash = Sha256::new();
        hash.update(purpose.as_bytes());
        hash.update(n.to_le_bytes());
        hash.update(wall_ms().to_le_bytes());
        hash.update(std::process::id().to_le_bytes());
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A UUID-shaped fresh identifier (execution names, revision ids).
    fn uuid(&self) -> String {
        let hex = self.unique("uuid");
        format!(
            "{}-{}-4{}-8{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// Answers one operation (`X-Amz-Target: AWSStepFunctions.<operation>`).
    pub fn call(self: &Arc<Self>, operation: &str, body: &Value) -> Result<Value, ApiError> {
        if !body.is_object() {
            return Err(ApiError::new(
                "SerializationException",
                "The request body is not a JSON object.",
            ));
        }
        match operation {
            "CreateStateMachine" => self.create_state_machine(body),
            "UpdateStateMachine" => self.update_state_machine(body),
            "DescribeStateMachine" => self.describe_state_machine(body),
            "ListStateMachines" => self.list_state_machines(body),
            "DeleteStateMachine" => self.delete_state_machine(body),
            "PublishStateMachineVersion" => self.publish_version(body),
            "ListStateMachineVersions" => self.list_versions(body),
            "DeleteStateMachineVersion" => self.delete_version(body),
            "CreateStateMachineAlias" => self.create_alias(body),
            "UpdateStateMachineAlias" => self.update_alias(body),
            "DescribeStateMachineAlias" => self.describe_alias(body),
            "DeleteStateMachineAlias" => self.delete_alias(body),
            "ListStateMachineAliases" => self.list_aliases(body),
            "TagResource" => self.tag_resource(body),
            "UntagResource" => self.untag_resource(body),
            "ListTagsForResource" => self.list_tags(body),
            "ValidateStateMachineDefinition" => self.validate_definition(body),
            "DescribeStateMachineForExecution" => self.describe_machine_for_execution(body),
            "StartExecution" => self.start_execution(body, false),
            "StartSyncExecution" => self.start_execution(body, true),
            "DescribeExecution" => self.describe_execution(body),
            "StopExecution" => self.stop_execution(body),
            "ListExecutions" => self.list_executions(body),
            "GetExecutionHistory" => self.execution_history(body),
            "CreateActivity" => self.create_activity(body),
            "DescribeActivity" => self.describe_activity(body),
            "ListActivities" => self.list_activities(body),
            "DeleteActivity" => self.delete_activity(body),
            "GetActivityTask" => self.get_activity_task(body),
            "SendTaskSuccess" => self.send_task_success(body),
            "SendTaskFailure" => self.send_task_failure(body),
            "SendTaskHeartbeat" => self.send_task_heartbeat(body),
            other => Err(ApiError::new(
                "UnknownOperationException",
                format!("The operation '{other}' is not supported by this endpoint."),
            )),
        }
    }
}

mod activities;
mod executions;
mod machines;

#[cfg(test)]
mod tests;
