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

    // --- state machines -------------------------------------------------------------------

    fn machine(&self, arn: &str) -> Result<MachineRecord, ApiError> {
        if split_machine_arn(arn).is_none() {
            return Err(ApiError::invalid_arn(arn));
        }
        self.store.load(Kind::StateMachine, arn).ok_or_else(|| {
            ApiError::new(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{arn}'"),
            )
        })
    }

    fn machine_arn(name: &str) -> String {
        format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}")
    }

    fn create_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let name = required(body, "name")?;
        let definition = required(body, "definition")?;
        let role_arn = required(body, "roleArn")?;
        check_name(name)?;
        check_role(role_arn)?;
        let (type_name, machine_type) = machine_type_of(body)?;
        check_definition(definition, machine_type)?;
        let arn = Self::machine_arn(name);
        let _guard = self.locked();
        if let Some(existing) = self.store.load::<MachineRecord>(Kind::StateMachine, &arn) {
            // The same request again is answered as the first; a different one is refused.
            if existing.definition == definition
                && existing.role_arn == role_arn
                && existing.machine_type == type_name
            {
                return Ok(json!({"stateMachineArn": arn, "creationDate": existing.created}));
            }
            return Err(ApiError::new(
                "StateMachineAlreadyExists",
                format!("State Machine Already Exists: '{arn}'"),
            ));
        }
        let mut machine = MachineRecord {
            arn: arn.clone(),
            name: name.to_string(),
            definition: definition.to_string(),
            role_arn: role_arn.to_string(),
            machine_type: type_name,
            created: now_seconds(),
            revision_id: self.uuid(),
            description: String::new(),
            logging: body
                .get("loggingConfiguration")
                .cloned()
                .unwrap_or_else(|| json!({"level": "OFF", "includeExecutionData": false})),
            tracing: body
                .get("tracingConfiguration")
                .cloned()
                .unwrap_or_else(|| json!({"enabled": false})),
            next_version: 1,
        };
        let mut response = json!({"stateMachineArn": arn, "creationDate": machine.created});
        if body.get("publish").and_then(Value::as_bool) == Some(true) {
            let version = self.new_version(&mut machine, str_field(body, "versionDescription"));
            response["stateMachineVersionArn"] = Value::String(version.arn);
        }
        self.store.save(Kind::StateMachine, &arn, &machine);
        self.merge_tags(&arn, body.get("tags"))?;
        Ok(response)
    }

    /// Publishes the machine's current revision as its next version.
    fn new_version(&self, machine: &mut MachineRecord, description: Option<&str>) -> VersionRecord {
        let version = VersionRecord {
            arn: format!("{}:{}", machine.arn, machine.next_version),
            machine_arn: machine.arn.clone(),
            definition: machine.definition.clone(),
            role_arn: machine.role_arn.clone(),
            machine_type: machine.machine_type.clone(),
            revision_id: machine.revision_id.clone(),
            description: description.unwrap_or_default().to_string(),
            created: now_seconds(),
        };
        machine.next_version += 1;
        self.store.save(Kind::Version, &version.arn, &version);
        version
    }

    fn update_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let _guard = self.locked();
        let mut machine = self.machine(arn)?;
        let definition = str_field(body, "definition");
        let role_arn = str_field(body, "roleArn");
        let publish = body.get("publish").and_then(Value::as_bool) == Some(true);
        if definition.is_none()
            && role_arn.is_none()
            && body.get("loggingConfiguration").is_none()
            && body.get("tracingConfiguration").is_none()
            && !publish
        {
            return Err(ApiError::new(
                "MissingRequiredParameter",
                "Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified",
            ));
        }
        if let Some(definition) = definition {
            check_definition(definition, parse_type(&machine.machine_type))?;
        }
        if let Some(role_arn) = role_arn {
            check_role(role_arn)?;
        }
        let changed = definition.is_some_and(|d| d != machine.definition)
            || role_arn.is_some_and(|r| r != machine.role_arn);
        if let Some(definition) = definition {
            machine.definition = definition.to_string();
        }
        if let Some(role_arn) = role_arn {
            machine.role_arn = role_arn.to_string();
        }
        if let Some(logging) = body.get("loggingConfiguration") {
            machine.logging = logging.clone();
        }
        if let Some(tracing) = body.get("tracingConfiguration") {
            machine.tracing = tracing.clone();
        }
        if changed {
            machine.revision_id = self.uuid();
        }
        let mut response = json!({"updateDate": now_seconds(), "revisionId": machine.revision_id});
        if publish {
            let version = self.new_version(&mut machine, str_field(body, "versionDescription"));
            response["stateMachineVersionArn"] = Value::String(version.arn);
        }
        self.store.save(Kind::StateMachine, arn, &machine);
        Ok(response)
    }

    fn describe_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let (base, qualifier) = split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
        let machine = self.machine(&base)?;
        let mut response = json!({
            "stateMachineArn": arn,
            "name": machine.name,
            "status": "ACTIVE",
            "definition": machine.definition,
            "roleArn": machine.role_arn,
            "type": machine.machine_type,
            "creationDate": machine.created,
            "loggingConfiguration": machine.logging,
            "tracingConfiguration": machine.tracing,
            "revisionId": machine.revision_id,
        });
        if qualifier.is_some() {
            let version: VersionRecord = self.store.load(Kind::Version, arn).ok_or_else(|| {
                ApiError::new(
                    "StateMachineDoesNotExist",
                    format!("State Machine Does Not Exist: '{arn}'"),
                )
            })?;
            response["definition"] = Value::String(version.definition);
            response["roleArn"] = Value::String(version.role_arn);
            response["revisionId"] = Value::String(version.revision_id);
            response["creationDate"] = json!(version.created);
            if !version.description.is_empty() {
                response["description"] = Value::String(version.description);
            }
        }
        Ok(response)
    }

    fn list_state_machines(&self, body: &Value) -> Result<Value, ApiError> {
        let machines: Vec<MachineRecord> = self.store.load_all(Kind::StateMachine);
        let (machines, next) = page(machines, body)?;
        let items: Vec<Value> = machines
            .iter()
            .map(|m| {
                json!({"stateMachineArn": m.arn, "name": m.name, "type": m.machine_type,
                       "creationDate": m.created})
            })
            .collect();
        Ok(with_next(json!({"stateMachines": items}), next))
    }

    fn delete_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let (base, qualifier) = split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
        if qualifier.is_some() {
            return Err(ApiError::validation(
                "Use DeleteStateMachineVersion or DeleteStateMachineAlias for a qualified ARN",
            ));
        }
        let _guard = self.locked();
        // Deleting what does not exist succeeds, as AWS.
        self.store.delete(Kind::StateMachine, &base);
        for version in self.store.load_all::<VersionRecord>(Kind::Version) {
            if version.machine_arn == base {
                self.store.delete(Kind::Version, &version.arn);
            }
        }
        for alias in self.store.load_all::<AliasRecord>(Kind::Alias) {
            if alias.machine_arn == base {
                self.store.delete(Kind::Alias, &alias.arn);
            }
        }
        self.store.delete(Kind::Tags, &base);
        Ok(json!({}))
    }

    fn publish_version(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let _guard = self.locked();
        let mut machine = self.machine(arn)?;
        if let Some(revision) = str_field(body, "revisionId")
            && revision != machine.revision_id
        {
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "The revisionId '{revision}' is not the state machine's current revision '{}'",
                    machine.revision_id
                ),
            ));
        }
        // Publishing a revision already published answers with that version, as AWS.
        if let Some(existing) = self
            .store
            .load_all::<VersionRecord>(Kind::Version)
            .into_iter()
            .find(|v| v.machine_arn == machine.arn && v.revision_id == machine.revision_id)
        {
            return Ok(json!({"stateMachineVersionArn": existing.arn,
                             "creationDate": existing.created}));
        }
        let version = self.new_version(&mut machine, str_field(body, "description"));
        self.store.save(Kind::StateMachine, arn, &machine);
        Ok(json!({"stateMachineVersionArn": version.arn, "creationDate": version.created}))
    }

    fn versions_of(&self, machine_arn: &str) -> Vec<VersionRecord> {
        let mut versions: Vec<VersionRecord> = self
            .store
            .load_all::<VersionRecord>(Kind::Version)
            .into_iter()
            .filter(|v| v.machine_arn == machine_arn)
            .collect();
        let number = |v: &VersionRecord| {
            v.arn
                .rsplit(':')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        };
        // Newest first, as AWS lists them.
        versions.sort_by_key(|v| std::cmp::Reverse(number(v)));
        versions
    }

    fn list_versions(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        self.machine(arn)?;
        let (versions, next) = page(self.versions_of(arn), body)?;
        let items: Vec<Value> = versions
            .iter()
            .map(|v| json!({"stateMachineVersionArn": v.arn, "creationDate": v.created}))
            .collect();
        Ok(with_next(json!({"stateMachineVersions": items}), next))
    }

    fn delete_version(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineVersionArn")?;
        match split_machine_arn(arn) {
            Some((_, Some(q))) if q.parse::<u64>().is_ok() => {}
            _ => return Err(ApiError::invalid_arn(arn)),
        }
        let _guard = self.locked();
        if let Some(alias) = self
            .store
            .load_all::<AliasRecord>(Kind::Alias)
            .into_iter()
            .find(|a| a.routing.iter().any(|r| r.version_arn == arn))
        {
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{}]",
                    alias.arn
                ),
            ));
        }
        self.store.delete(Kind::Version, arn);
        Ok(json!({}))
    }

    fn routing(&self, machine_arn: &str, body: &Value) -> Result<Vec<Route>, ApiError> {
        let routes: Vec<Route> = body
            .get("routingConfiguration")
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| ApiError::validation(format!("Invalid routingConfiguration: {e}")))?
            .ok_or_else(|| ApiError::validation("routingConfiguration is required"))?;
        if routes.is_empty() || routes.len() > 2 {
            return Err(ApiError::validation(
                "routingConfiguration must name one or two versions",
            ));
        }
        if routes.iter().map(|r| r.weight).sum::<u64>() != 100 {
            return Err(ApiError::validation(
                "The weights of routingConfiguration must add up to 100",
            ));
        }
        for route in &routes {
            let version: Option<VersionRecord> = self.store.load(Kind::Version, &route.version_arn);
            if version.is_none_or(|v| v.machine_arn != machine_arn) {
                return Err(ApiError::new(
                    "ResourceNotFound",
                    format!("Resource not found: '{}'", route.version_arn),
                ));
            }
        }
        Ok(routes)
    }

    fn create_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let name = required(body, "name")?;
        check_name(name)?;
        if name.parse::<u64>().is_ok() {
            return Err(ApiError::new(
                "InvalidName",
                format!("Invalid Name: '{name}' (an alias name is not a number)"),
            ));
        }
        let first = body
            .get("routingConfiguration")
            .and_then(|r| r.get(0))
            .and_then(|r| str_field(r, "stateMachineVersionArn"))
            .ok_or_else(|| ApiError::validation("routingConfiguration is required"))?;
        let (machine_arn, _) =
            split_machine_arn(first).ok_or_else(|| ApiError::invalid_arn(first))?;
        let _guard = self.locked();
        self.machine(&machine_arn)?;
        let routing = self.routing(&machine_arn, body)?;
        let arn = format!("{machine_arn}:{name}");
        if let Some(existing) = self.store.load::<AliasRecord>(Kind::Alias, &arn) {
            return Err(ApiError::new(
                "ConflictException",
                format!("Alias '{}' already exists", existing.arn),
            ));
        }
        let now = now_seconds();
        let alias = AliasRecord {
            arn: arn.clone(),
            machine_arn,
            name: name.to_string(),
            description: str_field(body, "description").unwrap_or_default().into(),
            routing,
            created: now,
            updated: now,
        };
        self.store.save(Kind::Alias, &arn, &alias);
        Ok(json!({"stateMachineAliasArn": arn, "creationDate": now}))
    }

    fn alias(&self, arn: &str) -> Result<AliasRecord, ApiError> {
        match split_machine_arn(arn) {
            Some((_, Some(q))) if q.parse::<u64>().is_err() => {}
            _ => return Err(ApiError::invalid_arn(arn)),
        }
        self.store.load(Kind::Alias, arn).ok_or_else(|| {
            ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
        })
    }

    fn update_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineAliasArn")?;
        let _guard = self.locked();
        let mut alias = self.alias(arn)?;
        if body.get("routingConfiguration").is_some() {
            alias.routing = self.routing(&alias.machine_arn, body)?;
        }
        if let Some(description) = str_field(body, "description") {
            alias.description = description.to_string();
        }
        alias.updated = now_seconds();
        self.store.save(Kind::Alias, arn, &alias);
        Ok(json!({"updateDate": alias.updated}))
    }

    fn describe_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let alias = self.alias(required(body, "stateMachineAliasArn")?)?;
        let mut response = json!({
            "stateMachineAliasArn": alias.arn,
            "name": alias.name,
            "routingConfiguration": alias.routing,
            "creationDate": alias.created,
            "updateDate": alias.updated,
        });
        if !alias.description.is_empty() {
            response["description"] = Value::String(alias.description);
        }
        Ok(response)
    }

    fn delete_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineAliasArn")?;
        let _guard = self.locked();
        self.alias(arn)?;
        self.store.delete(Kind::Alias, arn);
        Ok(json!({}))
    }

    fn list_aliases(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        self.machine(arn)?;
        let aliases: Vec<AliasRecord> = self
            .store
            .load_all::<AliasRecord>(Kind::Alias)
            .into_iter()
            .filter(|a| a.machine_arn == arn)
            .collect();
        let (aliases, next) = page(aliases, body)?;
        let items: Vec<Value> = aliases
            .iter()
            .map(|a| json!({"stateMachineAliasArn": a.arn, "creationDate": a.created}))
            .collect();
        Ok(with_next(json!({"stateMachineAliases": items}), next))
    }

    // --- tags -----------------------------------------------------------------------------

    fn check_taggable(&self, arn: &str) -> Result<(), ApiError> {
        let exists = if is_activity_arn(arn) {
            self.store.get(Kind::Activity, arn).is_some()
        } else if split_machine_arn(arn).is_some() {
            self.store.get(Kind::StateMachine, arn).is_some()
        } else {
            return Err(ApiError::invalid_arn(arn));
        };
        if exists {
            Ok(())
        } else {
            Err(ApiError::new(
                "ResourceNotFound",
                format!("Resource not found: '{arn}'"),
            ))
        }
    }

    fn merge_tags(&self, arn: &str, tags: Option<&Value>) -> Result<(), ApiError> {
        let Some(tags) = tags else {
            return Ok(());
        };
        let list = tags
            .as_array()
            .ok_or_else(|| ApiError::validation("tags must be a list of {key, value}"))?;
        let mut current = self
            .store
            .get(Kind::Tags, arn)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        for tag in list {
            let key = str_field(tag, "key")
                .ok_or_else(|| ApiError::validation("every tag needs a key"))?;
            let value = str_field(tag, "value").unwrap_or_default();
            current.insert(key.to_string(), Value::String(value.to_string()));
        }
        if current.len() > 50 {
            return Err(ApiError::new(
                "TooManyTags",
                format!("Too many tags on '{arn}': at most 50"),
            ));
        }
        self.store.put(Kind::Tags, arn, Value::Object(current));
        Ok(())
    }

    fn tag_resource(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "resourceArn")?;
        self.check_taggable(arn)?;
        let _guard = self.locked();
        self.merge_tags(arn, Some(body.get("tags").unwrap_or(&json!([]))))?;
        Ok(json!({}))
    }

    fn untag_resource(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "resourceArn")?;
        self.check_taggable(arn)?;
        let _guard = self.locked();
        let mut current = self
            .store
            .get(Kind::Tags, arn)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        for key in body
            .get("tagKeys")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            current.remove(key);
        }
        self.store.put(Kind::Tags, arn, Value::Object(current));
        Ok(json!({}))
    }

    fn list_tags(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "resourceArn")?;
        self.check_taggable(arn)?;
        let tags = self
            .store
            .get(Kind::Tags, arn)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        Ok(json!({"tags": tag_list(&tags)}))
    }

    // --- validation -----------------------------------------------------------------------

    fn validate_definition(&self, body: &Value) -> Result<Value, ApiError> {
        let definition = required(body, "definition")?;
        let (_, machine_type) = machine_type_of(body)?;
        let threshold_warnings = match str_field(body, "severity").unwrap_or("ERROR") {
            "ERROR" => false,
            "WARNING" => true,
            other => {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{other}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]"
                )));
            }
        };
        let max = match body.get("maxResults").and_then(Value::as_u64) {
            None | Some(0) => 100,
            Some(n) => n.min(100) as usize,
        };
        let found = diagnostics(definition, machine_type);
        let result = if found.iter().any(Diagnostic::is_error) {
            "FAIL"
        } else {
            "OK"
        };
        let shown: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| threshold_warnings || d.severity == Severity::Error)
            .collect();
        let truncated = shown.len() > max;
        let items: Vec<Value> = shown
            .iter()
            .take(max)
            .map(|d| {
                let mut item = json!({
                    "severity": if d.severity == Severity::Error { "ERROR" } else { "WARNING" },
                    "code": aws_code(d),
                    "message": d.message,
                });
                if !d.location.pointer.is_empty() {
                    item["location"] = Value::String(d.location.pointer.clone());
                }
                item
            })
            .collect();
        Ok(json!({"result": result, "diagnostics": items, "truncated": truncated}))
    }

    // --- executions -----------------------------------------------------------------------

    fn execution(&self, arn: &str) -> Result<ExecutionRecord, ApiError> {
        if !is_execution_arn(arn) {
            return Err(ApiError::invalid_arn(arn));
        }
        self.store.load(Kind::Execution, arn).ok_or_else(|| {
            ApiError::new(
                "ExecutionDoesNotExist",
                format!("Execution Does Not Exist: '{arn}'"),
            )
        })
    }

    fn describe_machine_for_execution(&self, body: &Value) -> Result<Value, ApiError> {
        let execution = self.execution(required(body, "executionArn")?)?;
        let name = execution
            .machine_arn
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_string();
        Ok(json!({
            "stateMachineArn": execution.machine_arn,
            "name": name,
            "definition": execution.definition,
            "roleArn": execution.role_arn,
            "updateDate": execution.start,
            "revisionId": execution.revision_id,
        }))
    }

    /// What `stateMachineArn` of a start names: the machine, one of its versions, or an alias
    /// (which picks one of its versions by weight).
    fn target(&self, arn: &str) -> Result<Target, ApiError> {
        let (base, qualifier) = split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
        let machine = self.machine(&base)?;
        let missing = || {
            ApiError::new(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{arn}'"),
            )
        };
        let (version_arn, alias_arn) = match qualifier {
            None => (None, None),
            Some(q) if q.parse::<u64>().is_ok() => (Some(arn.to_string()), None),
            Some(_) => {
                let alias: AliasRecord = self.store.load(Kind::Alias, arn).ok_or_else(missing)?;
                // The weights add up to 100.
                let roll = self.counter.fetch_add(1, Ordering::Relaxed) % 100;
                let mut sum = 0;
                let chosen = alias
                    .routing
                    .iter()
                    .find(|r| {
                        sum += r.weight;
                        roll < sum
                    })
                    .or(alias.routing.last())
                    .ok_or_else(missing)?;
                (Some(chosen.version_arn.clone()), Some(arn.to_string()))
            }
        };
        let (definition, role_arn, revision_id) = match &version_arn {
            Some(version_arn) => {
                let version: VersionRecord = self
                    .store
                    .load(Kind::Version, version_arn)
                    .ok_or_else(missing)?;
                (version.definition, version.role_arn, version.revision_id)
            }
            None => (
                machine.definition.clone(),
                machine.role_arn.clone(),
                machine.revision_id.clone(),
            ),
        };
        Ok(Target {
            machine,
            definition,
            role_arn,
            revision_id,
            version_arn,
            alias_arn,
        })
    }

    fn start_execution(self: &Arc<Self>, body: &Value, sync: bool) -> Result<Value, ApiError> {
        let requested = required(body, "stateMachineArn")?;
        // `arn#TestCase` runs with that test case of the mock configuration.
        let (arn, test_case) = match requested.split_once('#') {
            Some((arn, case)) => (arn, Some(case.to_string())),
            None => (requested, None),
        };
        let target = self.target(arn)?;
        let machine_type = parse_type(&target.machine.machine_type);
        if sync && machine_type == MachineType::Standard {
            return Err(ApiError::new(
                "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine: STANDARD",
            ));
        }
        if let Some(case) = &test_case {
            let Some(config) = &self.settings.mocks else {
                return Err(ApiError::validation(format!(
                    "The test case '{case}' was asked for, but the endpoint was started without a mock configuration (--mocks)"
                )));
            };
            config
                .mocks(Some(&target.machine.name), case)
                .map_err(|e| ApiError::validation(e.to_string()))?;
        }
        let input = str_field(body, "input").unwrap_or("{}").to_string();
        check_input(&input)?;
        let name = match str_field(body, "name") {
            Some(name) => {
                check_name(name)?;
                name.to_string()
            }
            None => self.uuid(),
        };
        let start_ms = wall_ms();
        let config = ExecutionConfig {
            state_machine_name: target.machine.name.clone(),
            execution_name: name.clone(),
            role_arn: target.role_arn.clone(),
            account: ACCOUNT.into(),
            region: REGION.into(),
            start_time_ms: start_ms,
            seed: u64::from_str_radix(&self.unique("seed")[..16], 16).unwrap_or(0),
            machine_type,
            real_time: self.settings.clock == Clock::Real,
            ..ExecutionConfig::default()
        };
        let execution_arn = config.execution_arn();
        let record = ExecutionRecord {
            arn: execution_arn.clone(),
            machine_arn: target.machine.arn.clone(),
            version_arn: target.version_arn.clone(),
            alias_arn: target.alias_arn.clone(),
            name,
            status: "RUNNING".into(),
            start: start_ms as f64 / 1000.0,
            stop: None,
            input: input.clone(),
            output: None,
            error: None,
            cause: None,
            definition: target.definition.clone(),
            role_arn: target.role_arn.clone(),
            machine_type: target.machine.machine_type.clone(),
            revision_id: target.revision_id.clone(),
            history: Vec::new(),
        };
        {
            let _guard = self.locked();
            if let Some(existing) = self
                .store
                .load::<ExecutionRecord>(Kind::Execution, &execution_arn)
            {
                // A start repeated while the first still runs, with the same input, is the
                // same start.
                if !sync && existing.status == "RUNNING" && existing.input == input {
                    return Ok(json!({"executionArn": existing.arn, "startDate": existing.start}));
                }
                return Err(ApiError::new(
                    "ExecutionAlreadyExists",
                    format!("Execution Already Exists: '{execution_arn}'"),
                ));
            }
            self.store.save(Kind::Execution, &execution_arn, &record);
        }
        self.live().insert(execution_arn.clone(), Vec::new());
        let run = {
            let service = Arc::clone(self);
            let definition = target.definition.clone();
            let execution_arn = execution_arn.clone();
            move || service.run_execution(&execution_arn, &definition, config, test_case, &input)
        };
        if sync {
            run();
            let done = self.execution(&execution_arn)?;
            let mut response = json!({
                "executionArn": done.arn,
                "stateMachineArn": done.machine_arn,
                "name": done.name,
                "startDate": done.start,
                "stopDate": done.stop,
                "status": done.status,
                "input": done.input,
                "inputDetails": {"included": true},
                "billingDetails": {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds":
                    ((done.stop.unwrap_or(done.start) - done.start) * 1000.0).ceil() as u64},
            });
            for (key, value) in [
                ("output", &done.output),
                ("error", &done.error),
                ("cause", &done.cause),
            ] {
                if let Some(value) = value {
                    response[key] = Value::String(value.clone());
                }
            }
            if done.output.is_some() {
                response["outputDetails"] = json!({"included": true});
            }
            return Ok(response);
        }
        std::thread::Builder::new()
            .name("execution".into())
            .spawn(run)
            .map_err(|e| ApiError::new("InternalFailure", format!("cannot start a thread: {e}")))?;
        Ok(json!({"executionArn": execution_arn, "startDate": record.start}))
    }

    /// Runs one execution to its end on this thread and records how it ended.
    fn run_execution(
        self: &Arc<Self>,
        execution_arn: &str,
        definition: &str,
        config: ExecutionConfig,
        test_case: Option<String>,
        input: &str,
    ) {
        let machine_name = config.state_machine_name.clone();
        let mut runner = match Runner::from_definition(definition) {
            Ok(runner) => runner.with_config(config),
            Err(e) => {
                self.finish(
                    execution_arn,
                    "FAILED",
                    None,
                    Some("States.Runtime".into()),
                    Some(e.to_string()),
                    Vec::new(),
                );
                return;
            }
        };
        if let (Some(case), Some(mock_config)) = (&test_case, &self.settings.mocks)
            && let Ok(mocks) = mock_config.mocks(Some(&machine_name), case)
        {
            runner = runner.with_mocks(mocks);
        }
        {
            let service = Arc::clone(self);
            let execution_arn = execution_arn.to_string();
            runner.mocks_mut().on_event(move |event| {
                let wire = crate::wire_event(event);
                if let Some(events) = service.live().get_mut(&execution_arn) {
                    events.push(wire);
                }
            });
        }
        {
            let service = Arc::clone(self);
            let execution_arn = execution_arn.to_string();
            runner
                .mocks_mut()
                .otherwise(move |call| service.serve_task(&execution_arn, call));
        }
        let input: Value = serde_json::from_str(input).unwrap_or(Value::Null);
        let execution = runner.run(input);
        let (status, output) = match execution.status {
            Status::Succeeded => ("SUCCEEDED", execution.output.as_ref().map(Value::to_string)),
            Status::Failed => ("FAILED", None),
            Status::TimedOut => ("TIMED_OUT", None),
            Status::Aborted => ("ABORTED", None),
            // Every task blocks until it is answered, so a run only pauses when it was stopped.
            Status::Running => ("ABORTED", None),
        };
        let history = execution
            .history
            .events
            .iter()
            .map(crate::wire_event)
            .collect();
        self.finish(
            execution_arn,
            status,
            output,
            execution.error,
            execution.cause,
            history,
        );
    }

    /// Records how an execution ended, unless it was stopped first.
    fn finish(
        &self,
        execution_arn: &str,
        status: &str,
        output: Option<String>,
        error: Option<String>,
        cause: Option<String>,
        history: Vec<Value>,
    ) {
        let _guard = self.locked();
        self.live().remove(execution_arn);
        let Some(mut record) = self
            .store
            .load::<ExecutionRecord>(Kind::Execution, execution_arn)
        else {
            return;
        };
        if record.status != "RUNNING" {
            return;
        }
        record.status = status.to_string();
        record.stop = Some(now_seconds());
        record.output = output;
        record.error = error;
        record.cause = cause;
        record.history = history;
        self.store.save(Kind::Execution, execution_arn, &record);
    }

    /// Answers a task nothing mocks: an activity task goes to the activity's workers, a
    /// callback task waits for its token; anything else fails with `States.TaskFailed` naming
    /// the state and resource.
    fn serve_task(&self, execution_arn: &str, call: &workflow_local::TaskCall<'_>) -> TaskOutcome {
        let seconds =
            |s: Option<i64>| s.map(|s| Duration::from_secs(u64::try_from(s).unwrap_or(0)));
        let (heartbeat, timeout) = (
            seconds(call.heartbeat_seconds),
            seconds(call.timeout_seconds),
        );
        let token = if let Some(token) = call.task_token {
            self.broker
                .open(execution_arn, token, None, heartbeat, timeout);
            token.to_string()
        } else if is_activity_arn(call.resource) {
            if self.store.get(Kind::Activity, call.resource).is_none() {
                return TaskOutcome::throw(
                    "States.Runtime",
                    format!(
                        "The activity '{}' of the task state '{}' does not exist.",
                        call.resource, call.state
                    ),
                );
            }
            let token = self.unique("token");
            self.broker.open(
                execution_arn,
                &token,
                Some((call.resource, call.input.to_string())),
                heartbeat,
                timeout,
            );
            token
        } else {
            // A service call that cannot be made fails as a failed call does: Retry and Catch
            // (`States.ALL`, `States.TaskFailed`) see it.
            return TaskOutcome::throw(
                "States.TaskFailed",
                format!(
                    "No mock answers the task state '{}' (resource '{}'): start the execution with a test case of the mock configuration (stateMachineArn#TestCase).",
                    call.state, call.resource
                ),
            );
        };
        self.broker
            .wait(&token)
            .unwrap_or_else(|| TaskOutcome::throw("States.Aborted", "The execution was stopped."))
    }

    fn describe_execution(&self, body: &Value) -> Result<Value, ApiError> {
        let e = self.execution(required(body, "executionArn")?)?;
        let mut response = json!({
            "executionArn": e.arn,
            "stateMachineArn": e.machine_arn,
            "name": e.name,
            "status": e.status,
            "startDate": e.start,
            "input": e.input,
            "inputDetails": {"included": true},
            "redriveCount": 0,
            "redriveStatus": "NOT_REDRIVABLE",
        });
        if let Some(stop) = e.stop {
            response["stopDate"] = json!(stop);
        }
        if let Some(output) = &e.output {
            response["output"] = Value::String(output.clone());
            response["outputDetails"] = json!({"included": true});
        }
        for (key, value) in [
            ("error", &e.error),
            ("cause", &e.cause),
            ("stateMachineVersionArn", &e.version_arn),
            ("stateMachineAliasArn", &e.alias_arn),
        ] {
            if let Some(value) = value {
                response[key] = Value::String(value.clone());
            }
        }
        Ok(response)
    }

    fn stop_execution(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "executionArn")?;
        let stop = {
            let _guard = self.locked();
            let mut record = self.execution(arn)?;
            if record.status != "RUNNING" {
                return Err(ApiError::validation(format!(
                    "Execution Does Not Exist or is not running: '{arn}'"
                )));
            }
            let stop = now_seconds();
            let mut history = self.live().remove(arn).unwrap_or_default();
            let mut details = Map::new();
            for (key, value) in [("error", "error"), ("cause", "cause")] {
                if let Some(text) = str_field(body, key) {
                    details.insert(value.into(), Value::String(text.into()));
                }
            }
            let id = history.len() as u64 + 1;
            history.push(json!({
                "timestamp": stop, "type": "ExecutionAborted", "id": id,
                "previousEventId": id - 1, "executionAbortedEventDetails": details,
            }));
            record.status = "ABORTED".into();
            record.stop = Some(stop);
            record.error = str_field(body, "error").map(str::to_string);
            record.cause = str_field(body, "cause").map(str::to_string);
            record.history = history;
            self.store.save(Kind::Execution, arn, &record);
            stop
        };
        self.broker.stop_execution(arn);
        Ok(json!({"stopDate": stop}))
    }

    fn list_executions(&self, body: &Value) -> Result<Value, ApiError> {
        let (machine_arn, version_or_alias) = match (
            str_field(body, "stateMachineArn"),
            str_field(body, "mapRunArn"),
        ) {
            (Some(arn), _) => {
                let (base, qualifier) =
                    split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
                self.machine(&base)?;
                (base, qualifier.map(|_| arn.to_string()))
            }
            (None, Some(_)) => {
                return Err(ApiError::validation(
                    "Listing the executions of a Map Run is not supported by this endpoint",
                ));
            }
            (None, None) => return Err(ApiError::validation("stateMachineArn is required")),
        };
        let status = str_field(body, "statusFilter");
        let mut executions: Vec<ExecutionRecord> = self
            .store
            .load_all::<ExecutionRecord>(Kind::Execution)
            .into_iter()
            .filter(|e| e.machine_arn == machine_arn)
            .filter(|e| {
                version_or_alias.as_deref().is_none_or(|q| {
                    e.version_arn.as_deref() == Some(q) || e.alias_arn.as_deref() == Some(q)
                })
            })
            .filter(|e| status.is_none_or(|s| e.status == s))
            .collect();
        // Newest first, as AWS lists them.
        executions.sort_by(|a, b| b.start.total_cmp(&a.start).then_with(|| b.arn.cmp(&a.arn)));
        let (executions, next) = page(executions, body)?;
        let items: Vec<Value> = executions
            .iter()
            .map(|e| {
                let mut item = json!({
                    "executionArn": e.arn, "stateMachineArn": e.machine_arn, "name": e.name,
                    "status": e.status, "startDate": e.start,
                });
                if let Some(stop) = e.stop {
                    item["stopDate"] = json!(stop);
                }
                item
            })
            .collect();
        Ok(with_next(json!({"executions": items}), next))
    }

    fn execution_history(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "executionArn")?;
        let record = self.execution(arn)?;
        let mut events = match self.live().get(arn) {
            Some(events) if record.status == "RUNNING" => events.clone(),
            _ => record.history,
        };
        if body.get("includeExecutionData").and_then(Value::as_bool) == Some(false) {
            for event in &mut events {
                strip_execution_data(event);
            }
        }
        if body.get("reverseOrder").and_then(Value::as_bool) == Some(true) {
            events.reverse();
        }
        let (events, next) = page(events, body)?;
        Ok(with_next(json!({"events": events}), next))
    }

    // --- activities -----------------------------------------------------------------------

    fn activity(&self, arn: &str) -> Result<ActivityRecord, ApiError> {
        if !is_activity_arn(arn) {
            return Err(ApiError::invalid_arn(arn));
        }
        self.store.load(Kind::Activity, arn).ok_or_else(|| {
            ApiError::new(
                "ActivityDoesNotExist",
                format!("Activity Does Not Exist: '{arn}'"),
            )
        })
    }

    fn create_activity(&self, body: &Value) -> Result<Value, ApiError> {
        let name = required(body, "name")?;
        check_name(name)?;
        let arn = format!("arn:aws:states:{REGION}:{ACCOUNT}:activity:{name}");
        let _guard = self.locked();
        // Creating an activity that exists answers with it, as AWS.
        let activity = match self.store.load::<ActivityRecord>(Kind::Activity, &arn) {
            Some(existing) => existing,
            None => {
                let activity = ActivityRecord {
                    arn: arn.clone(),
                    name: name.to_string(),
                    created: now_seconds(),
                };
                self.store.save(Kind::Activity, &arn, &activity);
                activity
            }
        };
        self.merge_tags(&arn, body.get("tags"))?;
        Ok(json!({"activityArn": activity.arn, "creationDate": activity.created}))
    }

    fn describe_activity(&self, body: &Value) -> Result<Value, ApiError> {
        let a = self.activity(required(body, "activityArn")?)?;
        Ok(json!({"activityArn": a.arn, "name": a.name, "creationDate": a.created}))
    }

    fn list_activities(&self, body: &Value) -> Result<Value, ApiError> {
        let activities: Vec<ActivityRecord> = self.store.load_all(Kind::Activity);
        let (activities, next) = page(activities, body)?;
        let items: Vec<Value> = activities
            .iter()
            .map(|a| json!({"activityArn": a.arn, "name": a.name, "creationDate": a.created}))
            .collect();
        Ok(with_next(json!({"activities": items}), next))
    }

    fn delete_activity(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "activityArn")?;
        if !is_activity_arn(arn) {
            return Err(ApiError::invalid_arn(arn));
        }
        let _guard = self.locked();
        self.store.delete(Kind::Activity, arn);
        self.store.delete(Kind::Tags, arn);
        Ok(json!({}))
    }

    fn get_activity_task(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "activityArn")?;
        self.activity(arn)?;
        // No task within the long poll: an empty answer, as AWS.
        Ok(match self.broker.poll(arn, LONG_POLL) {
            Some(task) => json!({"taskToken": task.token, "input": task.input}),
            None => json!({}),
        })
    }

    fn token(body: &Value) -> Result<&str, ApiError> {
        let token = required(body, "taskToken")?;
        if token.is_empty() || token.len() > 2048 {
            return Err(ApiError::new(
                "InvalidToken",
                format!("Invalid Token: '{token}'"),
            ));
        }
        Ok(token)
    }

    fn token_answer(&self, result: Result<(), TokenError>, token: &str) -> Result<Value, ApiError> {
        match result {
            Ok(()) => Ok(json!({})),
            Err(TokenError::TaskDoesNotExist) => Err(ApiError::new(
                "TaskDoesNotExist",
                format!("Task Does Not Exist: '{token}'"),
            )),
            Err(TokenError::TaskTimedOut) => Err(ApiError::new(
                "TaskTimedOut",
                format!("Task Timed Out: '{token}'"),
            )),
        }
    }

    fn send_task_success(&self, body: &Value) -> Result<Value, ApiError> {
        let token = Self::token(body)?;
        let output = required(body, "output")?;
        let output: Value = serde_json::from_str(output)
            .map_err(|e| ApiError::new("InvalidOutput", format!("Invalid Output: '{e}'")))?;
        self.token_answer(
            self.broker.answer(token, TaskOutcome::Return(output)),
            token,
        )
    }

    fn send_task_failure(&self, body: &Value) -> Result<Value, ApiError> {
        let token = Self::token(body)?;
        let outcome = TaskOutcome::Throw {
            error: str_field(body, "error").unwrap_or_default().to_string(),
            cause: str_field(body, "cause").map(str::to_string),
        };
        self.token_answer(self.broker.answer(token, outcome), token)
    }

    fn send_task_heartbeat(&self, body: &Value) -> Result<Value, ApiError> {
        let token = Self::token(body)?;
        self.token_answer(self.broker.beat(token), token)
    }
}

/// `includeExecutionData: false`: the events keep their shape without the inputs and outputs.
fn strip_execution_data(event: &mut Value) {
    let Some(object) = event.as_object_mut() else {
        return;
    };
    for (key, details) in object.iter_mut() {
        if !key.ends_with("EventDetails") {
            continue;
        }
        if let Some(details) = details.as_object_mut() {
            for field in ["input", "output", "parameters"] {
                details.remove(field);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    const ROLE: &str = "arn:aws:iam::123456789012:role/r";

    fn service(mocks: Option<&str>) -> Arc<Service> {
        let settings = Settings {
            mocks: mocks.map(|text| MockConfig::from_json(text).expect("mock config")),
            clock: Clock::Real,
        };
        Arc::new(Service::new(Arc::new(MemoryStore::default()), settings))
    }

    fn finished(service: &Arc<Service>, execution_arn: &str) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let described = service
                .call("DescribeExecution", &json!({"executionArn": execution_arn}))
                .expect("describe");
            if described["status"] != "RUNNING" {
                return described;
            }
            assert!(std::time::Instant::now() < deadline, "still running");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    const CHARGE: &str = r#"{"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
        "OutputPath": "$.Payload", "End": true}}}"#;

    #[test]
    fn a_test_case_of_the_mock_configuration_answers_the_tasks() {
        let service = service(Some(
            r#"{"StateMachines": {"Pay": {"TestCases": {"Happy": {"Charge": "Charged"}}}},
                "MockedResponses": {"Charged": {"0": {"Return": {"Payload": {"ok": 1}}}}}}"#,
        ));
        let created = service
            .call(
                "CreateStateMachine",
                &json!({"name": "Pay", "definition": CHARGE, "roleArn": ROLE}),
            )
            .unwrap();
        let arn = created["stateMachineArn"].as_str().unwrap();
        let mocked = service
            .call(
                "StartExecution",
                &json!({"stateMachineArn": format!("{arn}#Happy")}),
            )
            .unwrap();
        let done = finished(&service, mocked["executionArn"].as_str().unwrap());
        assert_eq!(done["status"], "SUCCEEDED", "{done}");
        assert_eq!(done["output"], r#"{"ok":1}"#);

        let unmocked = service
            .call("StartExecution", &json!({"stateMachineArn": arn}))
            .unwrap();
        let done = finished(&service, unmocked["executionArn"].as_str().unwrap());
        assert_eq!(done["status"], "FAILED", "{done}");
        let cause = done["cause"].as_str().unwrap();
        assert!(
            cause.contains("'Charge'") && cause.contains("arn:aws:states:::lambda:invoke"),
            "{cause}"
        );

        let unknown_case = service
            .call(
                "StartExecution",
                &json!({"stateMachineArn": format!("{arn}#Sad")}),
            )
            .unwrap_err();
        assert_eq!(unknown_case.code, "ValidationException", "{unknown_case}");
    }

    #[test]
    fn errors_carry_aws_codes() {
        let service = service(None);
        let code = |operation: &str, body: Value| service.call(operation, &body).unwrap_err().code;
        assert_eq!(
            code("NoSuchOperation", json!({})),
            "UnknownOperationException"
        );
        assert_eq!(
            code(
                "DescribeStateMachine",
                json!({"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Nope"})
            ),
            "StateMachineDoesNotExist"
        );
        assert_eq!(
            code("DescribeExecution", json!({"executionArn": "not-an-arn"})),
            "InvalidArn"
        );
        assert_eq!(code("CreateActivity", json!({})), "ValidationException");
        assert_eq!(
            code(
                "CreateStateMachine",
                json!({"name": "bad name", "definition": CHARGE, "roleArn": ROLE})
            ),
            "InvalidName"
        );
        let invalid = service
            .call(
                "CreateStateMachine",
                &json!({"name": "Broken", "roleArn": ROLE,
                        "definition": r#"{"StartAt": "Missing", "States": {"A": {"Type": "Pass", "End": true}}}"#}),
            )
            .unwrap_err();
        assert_eq!(invalid.code, "InvalidDefinition");
        assert!(
            invalid
                .message
                .starts_with("Invalid State Machine Definition: '")
                && invalid.message.contains("at /StartAt"),
            "{}",
            invalid.message
        );
        assert_eq!(
            code("SendTaskHeartbeat", json!({"taskToken": "unknown"})),
            "TaskDoesNotExist"
        );
    }

    #[test]
    fn a_repeated_start_is_idempotent_only_with_the_same_input() {
        let service = service(None);
        let wait =
            r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "End": true}}}"#;
        let created = service
            .call(
                "CreateStateMachine",
                &json!({"name": "Waits", "definition": wait, "roleArn": ROLE}),
            )
            .unwrap();
        let start = json!({"stateMachineArn": created["stateMachineArn"], "name": "once", "input": "{\"a\":1}"});
        let first = service.call("StartExecution", &start).unwrap();
        let again = service.call("StartExecution", &start).unwrap();
        assert_eq!(first, again);
        let mut other = start.clone();
        other["input"] = json!("{\"a\":2}");
        assert_eq!(
            service.call("StartExecution", &other).unwrap_err().code,
            "ExecutionAlreadyExists"
        );
        let stopped = service
            .call(
                "StopExecution",
                &json!({"executionArn": first["executionArn"], "error": "Halt"}),
            )
            .unwrap();
        assert!(stopped["stopDate"].is_number());
        let described = service
            .call(
                "DescribeExecution",
                &json!({"executionArn": first["executionArn"]}),
            )
            .unwrap();
        assert_eq!(described["status"], "ABORTED");
        assert_eq!(described["error"], "Halt");
    }
}
