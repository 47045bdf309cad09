//! The executor: walks the states of a validated machine on a virtual clock, calls mocks for
//! tasks, and writes the history AWS would write.
//!
//! Branches of Parallel and iterations of Map are walked one after the other (in branch and
//! index order), which keeps runs deterministic, but on the clock they run side by side (Map
//! iterations up to `MaxConcurrency` at a time). AWS interleaves their events, so only the order
//! of those events can differ.

mod errors;
mod item_reader;
mod map;
mod nested;
mod parallel;
mod states;
mod task;

use crate::clock;
use crate::data;
use crate::eval::{Env, Failure};
use crate::history::{Body, Record, Store, Text};
use crate::mock::Mocks;
use serde_json::{Map, Value, json};
use workflow_core::MachineType;
use workflow_core::history::{HistoryEvent, Timestamp};
use workflow_core::model::{QueryLanguage, Scope, State, StateKind, StateMachine};

/// AWS ends an execution whose history reaches this many events.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// The names and the moment an execution runs with; they show in ARNs and the context object.
#[derive(Debug, Clone)]
pub struct ExecutionConfig {
    pub state_machine_name: String,
    pub execution_name: String,
    pub role_arn: String,
    pub account: String,
    pub region: String,
    /// When the execution starts on the virtual clock, in milliseconds since the epoch.
    pub start_time_ms: i64,
    /// How many states the executor may enter and retries it may make before it gives up: a
    /// bound on every run, nested executions included, whatever the definition does.
    pub step_budget: u64,
    /// Seeds every generated value (UUIDs, random numbers, jitter) so runs repeat.
    pub seed: u64,
    /// STANDARD or EXPRESS: an Express execution's ARN names it `express:` with an id.
    pub machine_type: MachineType,
    /// Runs on the wall clock: Wait states and retry backoffs really wait, and events carry
    /// the time they happened (an endpoint serving workers). Off, time is virtual and a run
    /// takes no wall time.
    pub real_time: bool,
    /// The times (milliseconds since the epoch) of the events an earlier run of this same
    /// execution already wrote, for an execution that resumes after its process ended: the run
    /// writes its first events at these times and waits no wall time until it is past them.
    /// Runs are deterministic, so the events are the same; only their answers (task results)
    /// must be given again, by the caller's mocks.
    pub replayed_times_ms: Vec<i64>,
}

impl Default for ExecutionConfig {
    fn default() -> Self {
        ExecutionConfig {
            state_machine_name: "StateMachine".into(),
            execution_name: "Execution".into(),
            role_arn: "arn:aws:iam::111111111111:role/StepFunctionsRole".into(),
            account: "111111111111".into(),
            region: "us-east-1".into(),
            start_time_ms: clock::parse_iso("2026-01-01T00:00:00Z").unwrap_or(0),
            step_budget: 100_000,
            seed: 0x5EED,
            machine_type: MachineType::Standard,
            real_time: false,
            replayed_times_ms: Vec::new(),
        }
    }
}

impl ExecutionConfig {
    pub fn state_machine_arn(&self) -> String {
        format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            self.region, self.account, self.state_machine_name
        )
    }

    pub fn execution_arn(&self) -> String {
        match self.machine_type {
            MachineType::Standard => format!(
                "arn:aws:states:{}:{}:execution:{}:{}",
                self.region, self.account, self.state_machine_name, self.execution_name
            ),
            MachineType::Express => format!(
                "arn:aws:states:{}:{}:express:{}:{}:{}",
                self.region,
                self.account,
                self.state_machine_name,
                self.execution_name,
                map::generated_uuid(self.seed, 5)
            ),
        }
    }
}

/// Why a run of states stopped early.
#[derive(Debug, Clone)]
pub(crate) enum Halt {
    /// A state failed with this error; a catcher of an enclosing state may handle it.
    Failed(Failure),
    /// The execution ran out of time (`TimeoutSeconds` of the machine).
    TimedOut,
    /// The execution cannot go on (history limit, step budget); nothing catches it.
    Fatal(Failure),
    /// A callback task waits for its token to be completed.
    Paused(PendingTask),
}

/// A callback task (`.waitForTaskToken`) that waits for its token: complete it with
/// [`crate::Runner::complete_task`] and run again.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingTask {
    pub token: String,
    /// The Task state's name.
    pub state: String,
    /// The parameters the task sent (the message that carries the token).
    pub parameters: Value,
}

impl From<Failure> for Halt {
    fn from(f: Failure) -> Halt {
        Halt::Failed(f)
    }
}

/// Where a state goes after it ran.
pub(crate) enum Step<'s> {
    /// The next state's name, the output, and the output as the compact JSON the exited event
    /// holds: the next state's entered event holds the same text, so it is written once.
    Next(&'s str, Value, Text),
    /// The output, and its text as the exited event holds it.
    End(Value, Text),
}

/// What a state's expressions can see besides its input: variables and, inside a Map
/// iteration, the item.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame {
    pub variables: Map<String, Value>,
    /// `$$.Map.Item` of the iteration this scope runs for.
    pub map_item: Option<Value>,
    /// The scope is a Parallel branch or a Map iteration, where a state that fails is also
    /// written as aborted.
    pub nested: bool,
}

/// The state being run, for cause texts and the context object.
#[derive(Debug, Clone)]
pub(crate) struct Current<'n> {
    /// Borrowed from the scope's walk: a state's name is copied only into the events.
    pub name: &'n str,
    pub entered_event_id: u64,
    /// The `previousEventId` of the entered event.
    pub entered_previous_id: u64,
    pub entered_time_ms: i64,
    pub query_language: QueryLanguage,
    /// Task, Parallel and Map states can be retried; their `$$.State` has a `RetryCount`.
    pub retry_count: Option<u32>,
    pub type_name: &'static str,
    /// The token of a callback or `.sync` task, as `$$.Task.Token`.
    pub task_token: Option<String>,
    /// The name again, shared by the state's entered and exited events.
    pub name_text: Text,
    /// The input as the entered event holds it (compact JSON).
    pub input_text: Text,
}

pub(crate) struct Engine<'r> {
    pub config: &'r ExecutionConfig,
    pub mocks: &'r mut Mocks,
    pub machine: &'r StateMachine,
    pub events: Vec<Record>,
    /// The texts and details members the events hold.
    pub store: Store,
    pub now_ms: i64,
    /// The `previousEventId` the next event gets.
    pub last: u64,
    pub next_id: u64,
    pub steps: u64,
    pub input: Value,
    pub deadline_ms: Option<i64>,
    /// The names of the states entered, in order, as texts of [`Engine::store`].
    pub states_entered: Vec<Text>,
    /// Counts generated identifiers (map runs, task tokens) so they are deterministic.
    pub generated: u64,
    /// Whether the context object carries the execution's input (see [`reads_execution_input`]).
    pub context_input: bool,
    /// Reports each event as it is written ([`Mocks::on_event`]).
    pub observer: Option<crate::mock::EventObserver>,
}

/// What happened to a state, in its event's type.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Phase {
    Entered,
    Exited,
    Aborted,
    Failed,
}

/// `TaskStateEntered` and its kin, from the state's type (one of the eight
/// [`StateKind::type_name`]s) and what happened.
pub(crate) fn state_event(type_name: &str, phase: Phase) -> &'static str {
    macro_rules! types {
        ($($t:literal),*) => {
            match (type_name, phase) {
                $(
                    ($t, Phase::Entered) => concat!($t, "StateEntered"),
                    ($t, Phase::Exited) => concat!($t, "StateExited"),
                    ($t, Phase::Aborted) => concat!($t, "StateAborted"),
                    ($t, Phase::Failed) => concat!($t, "StateFailed"),
                )*
                _ => "StateEvent",
            }
        };
    }
    types!(
        "Pass", "Succeed", "Fail", "Choice", "Wait", "Task", "Parallel", "Map"
    )
}

/// The state named `name` in `scope` and its position, looked for first right after the state
/// at `after`: most states go on to the state written after them.
fn find_state<'s>(
    scope: &'s Scope,
    name: &str,
    after: Option<usize>,
) -> Option<(usize, &'s State)> {
    let following = after.map_or(0, |i| i + 1);
    if let Some(named) = scope.states.get(following)
        && named.name == name
    {
        return Some((following, &named.state));
    }
    scope
        .states
        .iter()
        .enumerate()
        .find(|(_, named)| named.name == name)
        .map(|(i, named)| (i, &named.state))
}

/// Whether a definition may read the execution's input through the context object:
/// `$$.Execution.Input`, the whole `$$.Execution` or `$$`, or JSONata's `$states.context`.
/// Building the context object copies that input, and a Map over thousands of items builds it
/// once per iteration, so the copy is made only for definitions that can read it.
pub(crate) fn reads_execution_input(machine: workflow_core::Validated<'_>) -> bool {
    let text = machine.to_json_string();
    if text.contains("$states") {
        return true;
    }
    const NOT_THE_INPUT: &[&str] = &[
        ".Map.",
        ".State.",
        ".StateMachine.",
        ".Task.",
        ".Execution.Id",
        ".Execution.Name",
        ".Execution.RoleArn",
        ".Execution.StartTime",
        ".Execution.RedriveCount",
        ".Execution.RedriveStatus",
    ];
    text.match_indices("$$").any(|(at, _)| {
        let rest = &text[at + 2..];
        !NOT_THE_INPUT.iter().any(|p| rest.starts_with(p))
    })
}

impl<'r> Engine<'r> {
    pub fn new(
        machine: &'r StateMachine,
        config: &'r ExecutionConfig,
        mocks: &'r mut Mocks,
        input: Value,
        context_input: bool,
    ) -> Engine<'r> {
        let deadline_ms = machine
            .timeout_seconds
            .as_ref()
            .and_then(|n| n.as_i64())
            .map(|s| config.start_time_ms.saturating_add(s.saturating_mul(1000)));
        let observer = mocks.take_observer();
        let (events, store) = crate::history::buffers();
        Engine {
            observer,
            config,
            mocks,
            machine,
            events,
            store,
            now_ms: config.start_time_ms,
            last: 0,
            next_id: 1,
            steps: 0,
            input,
            deadline_ms,
            states_entered: Vec::with_capacity(32),
            generated: 0,
            context_input,
        }
    }

    /// Appends an event whose `previousEventId` is the last event of the current thread of
    /// work, and makes it the last.
    pub fn emit(
        &mut self,
        event_type: impl Into<String>,
        details: Option<(&str, Value)>,
    ) -> Result<u64, Halt> {
        let id = self.emit_beside(event_type, details)?;
        self.last = id;
        Ok(id)
    }

    /// Appends an event that AWS writes beside the thread of work: the next event still points
    /// at the event before this one (`MapIterationSucceeded`, `MapStateSucceeded`).
    pub fn emit_beside(
        &mut self,
        event_type: impl Into<String>,
        details: Option<(&str, Value)>,
    ) -> Result<u64, Halt> {
        let (id, at_ms) = self.next_event()?;
        let event =
            HistoryEvent::new(id, event_type, Timestamp::from_millis(at_ms)).after(self.last);
        let event = match details {
            Some((key, Value::Object(fields))) => event.with_fields(key, fields),
            // Every details member AWS writes is an object.
            Some((key, other)) => {
                event.with_fields(key, Map::from_iter([("value".to_string(), other)]))
            }
            None => event,
        };
        self.record(id, at_ms, Body::Event(Box::new(event)));
        Ok(id)
    }

    /// Appends an event whose type and details member are known in advance, and makes it the
    /// last of the thread of work. `details` is the details' key and the mark
    /// ([`Store::members_start`]) of the members added to [`Engine::store`] for it.
    pub fn emit_fields(
        &mut self,
        event_type: &'static str,
        details: Option<(&'static str, usize)>,
    ) -> Result<u64, Halt> {
        let body = self.fields(event_type, details);
        self.emit_state(body)
    }

    /// [`Engine::emit_fields`] for an event AWS writes beside the thread of work
    /// ([`Engine::emit_beside`]).
    pub fn emit_fields_beside(
        &mut self,
        event_type: &'static str,
        details: Option<(&'static str, usize)>,
    ) -> Result<u64, Halt> {
        let body = self.fields(event_type, details);
        self.append(body)
    }

    /// The body of an event whose details' members were added to [`Engine::store`] since the
    /// mark `details` holds.
    fn fields(&mut self, event_type: &'static str, details: Option<(&'static str, usize)>) -> Body {
        Body::Fields {
            event_type,
            details: details.map(|(key, start)| (key, self.store.keep_members(start))),
        }
    }

    /// Appends a state's entered or exited event and makes it the last of the thread of work.
    fn emit_state(&mut self, body: Body) -> Result<u64, Halt> {
        let id = self.append(body)?;
        self.last = id;
        Ok(id)
    }

    /// Appends an event after the last of the thread of work, without making it the last.
    fn append(&mut self, body: Body) -> Result<u64, Halt> {
        let (id, at_ms) = self.next_event()?;
        self.record(id, at_ms, body);
        Ok(id)
    }

    /// The id and time of the next event, or the end of the execution when its history is
    /// full.
    fn next_event(&mut self) -> Result<(u64, i64), Halt> {
        // The limit is a Standard execution's: an Express execution keeps no history in Step
        // Functions, so it has none (this one is still recorded, for the caller).
        if self.config.machine_type == MachineType::Standard
            && self.events.len() >= MAX_HISTORY_EVENTS
        {
            return Err(Halt::Fatal(Failure::new(
                "States.Runtime",
                format!("The execution history reached the limit of {MAX_HISTORY_EVENTS} events."),
            )));
        }
        let replayed = usize::try_from(self.next_id)
            .ok()
            .and_then(|id| self.config.replayed_times_ms.get(id.wrapping_sub(1)));
        if let Some(&at) = replayed {
            self.now_ms = at;
        } else if self.config.real_time {
            self.now_ms = self.now_ms.max(clock::wall_ms());
        }
        let id = self.next_id;
        self.next_id += 1;
        Ok((id, self.now_ms))
    }

    fn record(&mut self, id: u64, time_ms: i64, body: Body) {
        let record = Record {
            id,
            previous: self.last,
            time_ms,
            body,
        };
        if let Some(observe) = &mut self.observer {
            observe(&record.to_event(&self.store));
        }
        self.events.push(record);
    }

    /// Moves the clock forward; fails when the machine's timeout passes first.
    pub fn sleep(&mut self, ms: i64) -> Result<(), Halt> {
        let until = self.now_ms.saturating_add(ms.max(0));
        // A wait that an earlier run of a resumed execution already finished is not waited
        // again; the one it was in when it ended waits what is left of it.
        let replaying =
            usize::try_from(self.next_id).is_ok_and(|id| id <= self.config.replayed_times_ms.len());
        let wait_wall = self.config.real_time && !replaying;
        if let Some(deadline) = self.deadline_ms
            && until >= deadline
        {
            if wait_wall {
                clock::wait_until(deadline);
            }
            self.now_ms = deadline;
            return Err(Halt::TimedOut);
        }
        if wait_wall {
            clock::wait_until(until);
        }
        self.now_ms = until;
        Ok(())
    }

    /// The context object for an expression that may read it (`reads`), `null` for one that
    /// cannot: building it formats ARNs and timestamps, which most states never read.
    pub fn context_if(&self, reads: bool, current: &Current, frame: &Frame) -> Value {
        if reads {
            self.context(current, frame)
        } else {
            Value::Null
        }
    }

    /// The context object (`$$`) as a state sees it.
    pub fn context(&self, current: &Current, frame: &Frame) -> Value {
        let mut context = json!({
            "Execution": {
                "Id": self.config.execution_arn(),
                "Input": if self.context_input { self.input.clone() } else { Value::Null },
                "Name": self.config.execution_name,
                "RoleArn": self.config.role_arn,
                "StartTime": clock::format_iso(self.config.start_time_ms),
                "RedriveCount": 0,
            },
            "StateMachine": {
                "Id": self.config.state_machine_arn(),
                "Name": self.config.state_machine_name,
            },
            "State": {
                "EnteredTime": clock::format_iso(current.entered_time_ms),
                "Name": current.name,
            },
        });
        if let Some(token) = &current.task_token {
            context["Task"] = json!({ "Token": token });
        }
        if let Some(retry_count) = current.retry_count {
            context["State"]["RetryCount"] = Value::from(retry_count);
        }
        if let (Some(item), Value::Object(o)) = (&frame.map_item, &mut context) {
            o.insert("Map".into(), json!({ "Item": item }));
        }
        context
    }

    /// Runs a scope from its start state to its end; `input_text` is the input as compact JSON,
    /// when an event already holds it.
    pub fn run_scope(
        &mut self,
        scope: &Scope,
        input: Value,
        input_text: Option<Text>,
        frame: &mut Frame,
    ) -> Result<Value, Halt> {
        self.run_scope_with_text(scope, input, input_text, frame)
            .map(|(output, _)| output)
    }

    /// [`Engine::run_scope`], with the output as the last state's exited event holds it.
    pub fn run_scope_with_text(
        &mut self,
        scope: &Scope,
        input: Value,
        input_text: Option<Text>,
        frame: &mut Frame,
    ) -> Result<(Value, Text), Halt> {
        let mut name: &str = &scope.start_at;
        let mut input = input;
        let mut input_text = input_text;
        let mut at = None;
        loop {
            let Some((index, state)) = find_state(scope, name, at) else {
                return Err(Halt::Fatal(Failure::new(
                    "States.Runtime",
                    format!("The state '{name}' does not exist."),
                )));
            };
            let step = match self.run_state(name, state, input, input_text.take(), frame) {
                Ok(step) => step,
                Err(Halt::Failed(failure)) => {
                    // AWS marks a Task, Parallel or Map state that fails inside a branch or an
                    // iteration as aborted, once its own retriers and catchers are done.
                    if frame.nested && state.kind.error_handling().is_some() {
                        self.emit_fields(
                            state_event(state.kind.type_name(), Phase::Aborted),
                            None,
                        )?;
                    }
                    return Err(Halt::Failed(failure));
                }
                Err(other) => return Err(other),
            };
            match step {
                Step::Next(next, output, output_text) => {
                    name = next;
                    at = Some(index);
                    input = output;
                    input_text = Some(output_text);
                }
                Step::End(output, output_text) => return Ok((output, output_text)),
            }
        }
    }

    /// Counts a state entered or a retry against the step budget.
    pub(crate) fn count_step(&mut self) -> Result<(), Halt> {
        self.steps += 1;
        if self.steps > self.config.step_budget {
            return Err(Halt::Fatal(Failure::new(
                "States.Runtime",
                format!(
                    "The execution took more than {} steps (states entered and retries).",
                    self.config.step_budget
                ),
            )));
        }
        Ok(())
    }

    /// Runs one state; `input_text` is `input` as compact JSON when the previous state already
    /// wrote it.
    fn run_state<'s>(
        &mut self,
        name: &str,
        state: &'s State,
        input: Value,
        input_text: Option<Text>,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        self.count_step()?;
        let type_name = state.kind.type_name();
        let entered_previous_id = self.last;
        let name_text = self.store.text(name);
        let input_text = input_text.unwrap_or_else(|| self.store.json(&input));
        let entered_event_id = self.emit_state(Body::Entered {
            event_type: state_event(type_name, Phase::Entered),
            name: name_text,
            input: input_text,
        })?;
        self.states_entered.push(name_text);
        let current = Current {
            name,
            entered_event_id,
            entered_previous_id,
            entered_time_ms: self.now_ms,
            query_language: state
                .query_language
                .unwrap_or_else(|| self.machine.default_query_language()),
            retry_count: state.kind.error_handling().map(|_| 0),
            type_name,
            task_token: None,
            name_text,
            input_text,
        };
        match &state.kind {
            StateKind::Pass(pass) => self.pass(&current, pass, input, frame),
            StateKind::Succeed(succeed) => self.succeed(&current, succeed, input, frame),
            StateKind::Fail(fail) => self.fail(&current, fail, input, frame),
            StateKind::Choice(choice) => self.choice(&current, choice, input, frame),
            StateKind::Wait(wait) => self.wait(&current, wait, input, frame),
            StateKind::Task(task) => self.task(&current, task, input, frame),
            StateKind::Parallel(parallel) => self.parallel(&current, parallel, input, frame),
            StateKind::Map(map) => self.map(&current, map, input, frame),
        }
    }

    /// An evaluation failure of the current state, with the cause AWS writes: the detail after
    /// the state's name and the id of its entered event. JSONata states also write an
    /// `EvaluationFailed` event.
    pub fn evaluation_failed(
        &mut self,
        current: &Current,
        field: Option<&str>,
        failure: Failure,
    ) -> Halt {
        let failure = failure.in_state(current.name, current.entered_event_id);
        // The field AWS names is the one the cause quotes (`Output/result`), down to the member.
        let quoted = failure
            .cause
            .split_once("specified for the field '")
            .and_then(|(_, rest)| rest.split_once('\''))
            .map(|(field, _)| field.to_string());
        let field = quoted.as_deref().or(field);
        if current.query_language == QueryLanguage::Jsonata {
            let mut details = json!({
                "error": failure.error,
                "cause": failure.cause,
                "state": current.name,
            });
            if let (Some(field), Value::Object(o)) = (field, &mut details) {
                o.insert("location".into(), Value::String(field.to_string()));
            }
            // AWS points the event at the event before the state was entered (at the entered
            // event for a Wait state, which evaluates after entering).
            let saved = self.last;
            self.last = if current.type_name == "Wait" {
                current.entered_event_id
            } else {
                current.entered_previous_id
            };
            match self.emit(
                "EvaluationFailed",
                Some(("evaluationFailedEventDetails", details)),
            ) {
                Ok(_) => {}
                Err(halt) => {
                    self.last = saved;
                    return halt;
                }
            }
        }
        Halt::Failed(failure)
    }

    /// Writes `{Type}StateExited` with the output (as compact JSON) and any variables the
    /// state assigned.
    pub fn exit(
        &mut self,
        type_name: &str,
        current: &Current,
        output_text: Text,
        assigned: Option<&Map<String, Value>>,
    ) -> Result<(), Halt> {
        let assigned = assigned.map(|assigned| {
            Box::new(
                assigned
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(data::compact(v))))
                    .collect(),
            )
        });
        self.emit_state(Body::Exited {
            event_type: state_event(type_name, Phase::Exited),
            name: current.name_text,
            output: output_text,
            assigned,
        })?;
        Ok(())
    }

    /// The environment expressions of the current state read.
    pub fn env<'a>(&self, input: &'a Value, context: &'a Value, frame: &'a Frame) -> Env<'a> {
        Env {
            input,
            context,
            variables: &frame.variables,
            // Each evaluation draws from its own seed: the execution's, mixed with the position
            // in the history.
            seed: self.config.seed ^ self.next_id.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        }
    }
}
