//! Mocked tasks: what a Task state's call returns, decided by a closure registered per state
//! name or per resource, or by one closure for every call nobody else answers.

use serde_json::Value;
use std::collections::HashMap;

/// One call of a task, as the mock sees it.
#[derive(Debug, Clone, Copy)]
pub struct TaskCall<'a> {
    /// The Task state's name.
    pub state: &'a str,
    /// The `Resource` ARN.
    pub resource: &'a str,
    /// The parameters sent (after `Parameters`/`Arguments`).
    pub input: &'a Value,
    /// How many calls this mock answered before this one (0 for the first).
    pub call_count: u32,
    /// The task token a callback task (`.waitForTaskToken`) sent; the answer is what completing
    /// it gives (`SendTaskSuccess` output, or `SendTaskFailure` error and cause).
    pub task_token: Option<&'a str>,
    /// The Task state's `TimeoutSeconds`, when it has one: how long a worker may take.
    pub timeout_seconds: Option<i64>,
    /// The Task state's `HeartbeatSeconds`, when it has one: the longest gap between a
    /// worker's heartbeats.
    pub heartbeat_seconds: Option<i64>,
}

/// What a task call gives back.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskOutcome {
    /// The service response (for `lambda:invoke`, the whole `{Payload, StatusCode, …}` envelope).
    Return(Value),
    /// The task failed with this error name and cause.
    Throw {
        error: String,
        cause: Option<String>,
    },
    /// The task never answered in time (`States.Timeout` once the timeout has passed).
    Timeout,
    /// The worker stopped sending heartbeats (`States.HeartbeatTimeout` once
    /// `HeartbeatSeconds` has passed).
    HeartbeatTimeout,
}

impl TaskOutcome {
    pub fn throw(error: impl Into<String>, cause: impl Into<String>) -> TaskOutcome {
        TaskOutcome::Throw {
            error: error.into(),
            cause: Some(cause.into()),
        }
    }
}

type Responder = Box<dyn FnMut(&TaskCall<'_>) -> TaskOutcome>;

/// Sees each history event of the top-level execution as it is written.
pub(crate) type EventObserver = Box<dyn FnMut(&workflow_core::history::HistoryEvent)>;

struct Counted {
    calls: u32,
    respond: Responder,
}

impl Counted {
    fn answer(&mut self, call: &TaskCall<'_>) -> TaskOutcome {
        let call = TaskCall {
            call_count: self.calls,
            ..*call
        };
        self.calls += 1;
        (self.respond)(&call)
    }
}

/// A machine that `states:startExecution` tasks run in process.
#[derive(Clone)]
pub(crate) struct KnownMachine {
    pub(crate) machine: workflow_core::StateMachine,
    /// [`crate::exec::reads_execution_input`], worked out once rather than per child execution.
    pub(crate) reads_input: bool,
}

/// The registered mocks of a run.
#[derive(Default)]
pub struct Mocks {
    by_state: HashMap<String, Counted>,
    by_resource: HashMap<String, Counted>,
    fallback: Option<Counted>,
    /// Answers given to task tokens, by token.
    completed: HashMap<String, TaskOutcome>,
    /// State machines that `states:startExecution` tasks run in process, by name.
    machines: HashMap<String, KnownMachine>,
    observer: Option<EventObserver>,
}

impl std::fmt::Debug for Mocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mocks")
            .field(
                "completed_tokens",
                &self.completed.keys().collect::<Vec<_>>(),
            )
            .field("states", &self.by_state.keys().collect::<Vec<_>>())
            .field("resources", &self.by_resource.keys().collect::<Vec<_>>())
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

impl Mocks {
    /// Answers the calls of the Task state named `state`.
    pub fn on_state(
        &mut self,
        state: impl Into<String>,
        respond: impl FnMut(&TaskCall<'_>) -> TaskOutcome + 'static,
    ) {
        self.by_state.insert(
            state.into(),
            Counted {
                calls: 0,
                respond: Box::new(respond),
            },
        );
    }

    /// Answers the calls of every Task state whose `Resource` is `resource`.
    pub fn on_resource(
        &mut self,
        resource: impl Into<String>,
        respond: impl FnMut(&TaskCall<'_>) -> TaskOutcome + 'static,
    ) {
        self.by_resource.insert(
            resource.into(),
            Counted {
                calls: 0,
                respond: Box::new(respond),
            },
        );
    }

    /// Answers every call no state or resource mock answers.
    pub fn otherwise(&mut self, respond: impl FnMut(&TaskCall<'_>) -> TaskOutcome + 'static) {
        self.fallback = Some(Counted {
            calls: 0,
            respond: Box::new(respond),
        });
    }

    /// Calls `observe` with each event of the execution's history as it is written (not those
    /// of nested executions), so a caller can show the history of an execution still running.
    pub fn on_event(
        &mut self,
        observe: impl FnMut(&workflow_core::history::HistoryEvent) + 'static,
    ) {
        self.observer = Some(Box::new(observe));
    }

    /// Takes the observer, so that only the top-level execution reports to it.
    pub(crate) fn take_observer(&mut self) -> Option<EventObserver> {
        self.observer.take()
    }

    pub(crate) fn restore_observer(&mut self, observer: Option<EventObserver>) {
        self.observer = observer;
    }

    /// Makes `states:startExecution` tasks (plain, `.sync`, `.sync:2`) whose `StateMachineArn`
    /// ends in `name` run `machine` in process, unless a mock answers them first.
    pub fn add_machine(&mut self, name: impl Into<String>, machine: workflow_core::Validated<'_>) {
        let known = KnownMachine {
            machine: machine.machine().clone(),
            reads_input: crate::exec::reads_execution_input(machine),
        };
        self.machines.insert(name.into(), known);
    }

    /// Keeps the known machines of `other` (when one set of mocks replaces another).
    pub(crate) fn keep_machines_of(&mut self, other: &mut Mocks) {
        for (name, machine) in other.machines.drain() {
            self.machines.entry(name).or_insert(machine);
        }
    }

    /// The machine known by `name`.
    pub(crate) fn known_machine(&self, name: &str) -> Option<&KnownMachine> {
        self.machines.get(name)
    }

    /// Completes the callback task that sent `token`: its next run gets `outcome`
    /// (`Return` for `SendTaskSuccess`, `Throw` for `SendTaskFailure`, `Timeout` for a missed
    /// heartbeat).
    pub fn complete(&mut self, token: impl Into<String>, outcome: TaskOutcome) {
        self.completed.insert(token.into(), outcome);
    }

    /// The answer to a call, or `None` when nothing mocks it.
    pub(crate) fn answer(&mut self, call: &TaskCall<'_>) -> Option<TaskOutcome> {
        if let Some(outcome) = call.task_token.and_then(|t| self.completed.get(t)) {
            return Some(outcome.clone());
        }
        if let Some(mock) = self.by_state.get_mut(call.state) {
            return Some(mock.answer(call));
        }
        if let Some(mock) = self.by_resource.get_mut(call.resource) {
            return Some(mock.answer(call));
        }
        self.fallback.as_mut().map(|mock| mock.answer(call))
    }
}
