//! The entry point: a [`Runner`] holds a validated machine, its mocks and the execution
//! settings, and runs executions to their end with no async runtime.

use crate::clock;
use crate::exec::{Engine, ExecutionConfig, Frame, Halt, PendingTask};
use crate::history::{Detail, History, Text};
use crate::mock::{Mocks, TaskCall, TaskOutcome};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use workflow_core::{Diagnostic, Format, Options, StateMachine, Validated};

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
    Aborted,
    /// A callback task waits for its token ([`Execution::pending`]).
    Running,
}

impl Status {
    /// The `DescribeExecution` spelling, e.g. `SUCCEEDED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
            Status::Running => "RUNNING",
        }
    }
}

/// A finished execution.
#[derive(Clone)]
pub struct Execution {
    pub status: Status,
    /// The output, when the execution succeeded.
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    /// The callback task the execution waits for, when it is `Running`.
    pub pending: Option<PendingTask>,
    pub history: History,
    /// The names of the states entered, as texts of the history's store.
    states_entered: Vec<Text>,
}

impl std::fmt::Debug for Execution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Execution")
            .field("status", &self.status)
            .field("output", &self.output)
            .field("error", &self.error)
            .field("cause", &self.cause)
            .field("states_entered", &self.states_entered())
            .field("pending", &self.pending)
            .field("history", &self.history)
            .finish()
    }
}

impl Execution {
    /// The names of the states entered, in order (nested ones included: Parallel branches,
    /// Map iterations, a distributed Map's child executions).
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_local::Runner;
    ///
    /// let definition = r#"{"StartAt": "A", "States": {
    ///     "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#;
    /// let execution = Runner::from_definition(definition).unwrap().run(json!({}));
    /// assert_eq!(execution.states_entered(), ["A", "B"]);
    /// ```
    pub fn states_entered(&self) -> Vec<&str> {
        self.states_entered
            .iter()
            .map(|name| self.history.text(*name))
            .collect()
    }

    /// The output read as `T`.
    pub fn output_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(self.output.as_ref().unwrap_or(&Value::Null))
    }

    /// How the execution ended, one `field: value` line each, as `workflow run` prints it:
    /// `status`, then `output`, `error`, `cause` and `waiting` where they apply.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_local::Runner;
    ///
    /// let definition = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
    /// let mut runner = Runner::from_definition(definition).unwrap();
    /// let lines = runner.run(json!({"a": 1})).outcome_lines();
    /// assert_eq!(lines, ["status: SUCCEEDED", r#"output: {"a":1}"#]);
    /// ```
    pub fn outcome_lines(&self) -> Vec<String> {
        let mut lines = vec![format!("status: {}", self.status.as_str())];
        if let Some(output) = &self.output {
            lines.push(format!("output: {output}"));
        }
        if let Some(error) = &self.error {
            lines.push(format!("error: {error}"));
        }
        if let Some(cause) = &self.cause {
            lines.push(format!("cause: {cause}"));
        }
        if let Some(pending) = &self.pending {
            lines.push(format!(
                "waiting: state '{}' waits for task token {}",
                pending.state, pending.token
            ));
        }
        lines
    }
}

/// How a task fails: the `error` name and `cause` that Retry and Catch match on. A typed mock
/// returns it here; `workflow_deploy`'s activity worker (which re-exports this type) reports it
/// with `SendTaskFailure`, so one handler serves both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskError {
    /// The error name, e.g. `PaymentDeclined`.
    pub error: String,
    /// A human-readable cause.
    pub cause: String,
}

impl TaskError {
    /// A task error with a name and a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> TaskError {
        TaskError {
            error: error.into(),
            cause: cause.into(),
        }
    }
}

impl<E: std::error::Error> From<E> for TaskError {
    /// The error's type name (last path segment) as the name, its message chain as the cause.
    fn from(err: E) -> Self {
        let full = std::any::type_name::<E>();
        let name = full.split('<').next().unwrap_or(full);
        let name = name.rsplit("::").next().unwrap_or(name);
        let mut cause = err.to_string();
        let mut source = err.source();
        while let Some(s) = source {
            cause.push_str(": ");
            cause.push_str(&s.to_string());
            source = s.source();
        }
        TaskError::new(name, cause)
    }
}

/// Why a definition cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the definition is not valid: {}", .0.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Diagnostic>),
}

/// Runs executions of one state machine.
///
/// ```
/// use workflow_local::Runner;
/// let definition = r#"{"StartAt": "Charge", "States": {
///     "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;
/// let mut runner = Runner::from_definition(definition).unwrap()
///     .mock("Charge", |order: serde_json::Value| Ok(serde_json::json!({"charged": order["total"]})));
/// let execution = runner.run(serde_json::json!({"total": 12}));
/// // `lambda:invoke` returns the function's result under `Payload`.
/// assert_eq!(execution.output.unwrap()["Payload"], serde_json::json!({"charged": 12}));
/// ```
#[derive(Debug)]
pub struct Runner {
    machine: StateMachine,
    /// Whether the machine reads its input through the context object, worked out once.
    context_input: bool,
    config: ExecutionConfig,
    mocks: Mocks,
}

impl Runner {
    /// A runner for a machine that passed validation.
    pub fn new(machine: Validated<'_>) -> Runner {
        Runner {
            machine: machine.machine().clone(),
            context_input: crate::exec::reads_execution_input(machine),
            config: ExecutionConfig::default(),
            mocks: Mocks::default(),
        }
    }

    /// Reads (JSON or YAML) and validates a definition.
    pub fn from_definition(text: &str) -> Result<Runner, LoadError> {
        let format = if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        };
        let report = workflow_core::check(text, format, &Options::default());
        match report.validated() {
            Some(validated) => Ok(Runner::new(validated)),
            None => Err(LoadError::Invalid(
                report
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            )),
        }
    }

    /// Names, start time and limits of the executions.
    pub fn with_config(mut self, config: ExecutionConfig) -> Runner {
        self.config = config;
        self
    }

    pub fn config_mut(&mut self) -> &mut ExecutionConfig {
        &mut self.config
    }

    /// Starts executions at this ISO-8601 instant on the virtual clock.
    pub fn starting_at(mut self, iso: &str) -> Runner {
        if let Some(ms) = clock::parse_iso(iso) {
            self.config.start_time_ms = ms;
        }
        self
    }

    /// Mocks the Task state `state` with a typed function: what the callee receives in, what it
    /// returns out. Both are shaped as AWS does, from the integration catalog: a
    /// `lambda:invoke` mock gets the `Payload` parameter (the function's event) and its result
    /// arrives under `Payload` of the Invoke envelope; a `dynamodb:getItem` mock's item under
    /// `Item`; a `.sync` mock's answer fills the job's description (a child execution's
    /// `Output`); see [`crate::integration`] for every shape.
    pub fn mock<I, O>(
        mut self,
        state: &str,
        respond: impl FnMut(I) -> Result<O, TaskError> + 'static,
    ) -> Runner
    where
        I: DeserializeOwned,
        O: Serialize,
    {
        self.mocks.on_state(state, typed(respond));
        self
    }

    /// Mocks every Task state whose `Resource` is `resource` with a typed function, as
    /// [`Runner::mock`] does for one state.
    pub fn mock_resource<I, O>(
        mut self,
        resource: &str,
        respond: impl FnMut(I) -> Result<O, TaskError> + 'static,
    ) -> Runner
    where
        I: DeserializeOwned,
        O: Serialize,
    {
        self.mocks.on_resource(resource, typed(respond));
        self
    }

    /// Serves the activity (or any task) of the Task state `state` with an async handler of
    /// the shape `workflow_deploy::ActivityWorker` runs, `Fn(I) -> impl Future<Output =
    /// Result<O, E>>`, each call driven to its end on this thread (see [`crate::activity`]).
    pub fn activity<I, O, E, H, F>(mut self, state: &str, handler: H) -> Runner
    where
        I: DeserializeOwned,
        O: Serialize,
        H: Fn(I) -> F + 'static,
        F: std::future::Future<Output = Result<O, E>>,
        E: Into<TaskError>,
    {
        self.mocks
            .on_state(state, typed(crate::activity::blocking(handler)));
        self
    }

    /// Answers the calls of the Task state `state` in turn: the first call gets the first
    /// outcome, and so on; calls beyond the list get the last one.
    pub fn mock_sequence(mut self, state: &str, outcomes: Vec<TaskOutcome>) -> Runner {
        self.mocks.on_state(state, move |call: &TaskCall<'_>| {
            let index = usize::try_from(call.call_count).unwrap_or(usize::MAX);
            outcomes
                .get(index)
                .or(outcomes.last())
                .cloned()
                .unwrap_or_else(|| TaskOutcome::throw("States.Runtime", "the sequence is empty"))
        });
        self
    }

    /// Lets `states:startExecution` tasks of this machine run `machine` (named `name`, the last
    /// part of its ARN) in process, with these mocks and on the same clock.
    pub fn with_machine(mut self, name: &str, machine: Validated<'_>) -> Runner {
        self.mocks.add_machine(name, machine);
        self
    }

    /// Replaces the mocks with those of a Step Functions Local mock configuration test case.
    pub fn with_mocks(mut self, mut mocks: Mocks) -> Runner {
        mocks.keep_machines_of(&mut self.mocks);
        self.mocks = mocks;
        self
    }

    /// The mocks, to register untyped ones (per state, per resource, or for any call).
    pub fn mocks_mut(&mut self) -> &mut Mocks {
        &mut self.mocks
    }

    /// Completes a callback task's token (`SendTaskSuccess`, `SendTaskFailure`, or a missed
    /// heartbeat as `TaskOutcome::Timeout`). Runs are deterministic, so running the same input
    /// again replays the execution to where it waited and goes on from there.
    pub fn complete_task(&mut self, token: &str, outcome: TaskOutcome) {
        self.mocks.complete(token, outcome);
    }

    /// Runs one execution to its end, or until a callback task waits for its token. The input
    /// is any serializable value: a typed one (`Order { .. }`) or JSON (`json!({..})`). An input
    /// that does not serialize to JSON (a map with non-string keys) fails the execution with
    /// `States.Runtime` before any state runs.
    pub fn run(&mut self, input: impl Serialize) -> Execution {
        match serde_json::to_value(input) {
            Ok(input) => self.run_json(input),
            Err(e) => Execution {
                status: Status::Failed,
                output: None,
                error: Some("States.Runtime".into()),
                cause: Some(format!("the execution input is not JSON: {e}")),
                states_entered: Vec::new(),
                pending: None,
                history: History::default(),
            },
        }
    }
}

impl Runner {
    /// [`Runner::run`] for an input that is already JSON, which is used as it is rather than
    /// serialized again.
    ///
    /// ```
    /// use workflow_local::{Runner, Status};
    ///
    /// let mut runner = Runner::from_definition(
    ///     r#"{"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": true}}}"#,
    /// )
    /// .unwrap();
    /// let execution = runner.run_json(serde_json::json!({"a": 1}));
    /// assert_eq!(execution.status, Status::Succeeded);
    /// assert_eq!(execution.output, Some(serde_json::json!({"a": 1})));
    /// ```
    pub fn run_json(&mut self, input: Value) -> Execution {
        run_machine(
            &self.machine,
            &self.config,
            &mut self.mocks,
            input,
            self.context_input,
        )
    }
}

/// Runs `machine` once.
pub(crate) fn run_machine(
    machine: &StateMachine,
    config: &ExecutionConfig,
    mocks: &mut Mocks,
    input: Value,
    context_input: bool,
) -> Execution {
    // The context object's copy of the input, only for a machine that may read it.
    let context_copy = if context_input {
        input.clone()
    } else {
        Value::Null
    };
    let mut engine = Engine::new(machine, config, mocks, context_copy, context_input);
    let input_text = engine.store.json(&input);
    let details = engine.store.members_start();
    engine.store.payload("input", "inputDetails", input_text);
    let role_arn = engine.store.text(&config.role_arn);
    engine.store.member("roleArn", Detail::Text(role_arn));
    let started = engine.emit_fields(
        "ExecutionStarted",
        Some(("executionStartedEventDetails", details)),
    );
    // AWS writes the first state's entered event with previousEventId 0.
    engine.last = 0;
    let mut frame = Frame::default();
    let outcome = match started {
        Ok(_) => engine.run_scope_with_text(&machine.scope, input, Some(input_text), &mut frame),
        Err(halt) => Err(halt),
    };
    let mut pending = None;
    let (status, output, error, cause) = match outcome {
        Ok((output, output_text)) => {
            let details = engine.store.members_start();
            engine.store.payload("output", "outputDetails", output_text);
            let _ = engine.emit_fields(
                "ExecutionSucceeded",
                Some(("executionSucceededEventDetails", details)),
            );
            (Status::Succeeded, Some(output), None, None)
        }
        Err(Halt::Failed(failure)) | Err(Halt::Fatal(failure)) => {
            let mut details = serde_json::Map::new();
            if !failure.error.is_empty() {
                details.insert("error".into(), Value::String(failure.error.clone()));
            }
            if !failure.cause.is_empty() {
                details.insert("cause".into(), Value::String(failure.cause.clone()));
            }
            // The limit event itself still has to be written.
            if engine.events.len() >= crate::exec::MAX_HISTORY_EVENTS {
                engine.events.truncate(crate::exec::MAX_HISTORY_EVENTS - 1);
            }
            let _ = engine.emit(
                "ExecutionFailed",
                Some(("executionFailedEventDetails", Value::Object(details))),
            );
            (
                Status::Failed,
                None,
                (!failure.error.is_empty()).then_some(failure.error),
                (!failure.cause.is_empty()).then_some(failure.cause),
            )
        }
        Err(Halt::Paused(task)) => {
            pending = Some(task);
            (Status::Running, None, None, None)
        }
        Err(Halt::TimedOut) => {
            let _ = engine.emit(
                "ExecutionTimedOut",
                Some((
                    "executionTimedOutEventDetails",
                    json!({"error": "States.Timeout"}),
                )),
            );
            (Status::TimedOut, None, None, None)
        }
    };
    engine.mocks.restore_observer(engine.observer.take());
    Execution {
        status,
        output,
        error,
        cause,
        states_entered: engine.states_entered,
        pending,
        history: History::from_records(engine.events, engine.store),
    }
}

/// A typed mock as an untyped one: the parameters read as `I`, the result written from `O` and
/// shaped as the integration returns it.
fn typed<I, O>(
    mut respond: impl FnMut(I) -> Result<O, TaskError> + 'static,
) -> impl FnMut(&TaskCall<'_>) -> TaskOutcome + 'static
where
    I: DeserializeOwned,
    O: Serialize,
{
    move |call: &TaskCall<'_>| {
        let request = crate::integration::request_of(call.resource, call.input);
        let parsed = match I::deserialize(request) {
            Ok(parsed) => parsed,
            Err(e) => return TaskOutcome::throw("States.Runtime", e.to_string()),
        };
        match respond(parsed) {
            Ok(out) => match serde_json::to_value(out) {
                Ok(value) => {
                    let request_id = format!("00000000-0000-4000-8000-{:012}", call.call_count);
                    TaskOutcome::Return(crate::integration::shape_response(
                        call.resource,
                        value,
                        &request_id,
                    ))
                }
                Err(e) => TaskOutcome::throw("States.Runtime", e.to_string()),
            },
            Err(e) => TaskOutcome::throw(e.error, e.cause),
        }
    }
}
