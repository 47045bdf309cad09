//! # workflow-local
//!
//! Runs a validated state machine in process, as AWS Step Functions runs it: the JSONPath and
//! JSONata data flow, intrinsic functions, variables, every state type, retries and catchers,
//! with mocked tasks, a virtual clock and the execution history AWS would write. No async
//! runtime and no AWS SDK: a run is a plain function call, and waits, backoffs and timeouts take
//! no wall time.
//!
//! ```
//! use serde_json::json;
//! use workflow_local::{Runner, Status, TaskOutcome};
//!
//! let definition = r#"{"StartAt": "Charge", "States": {
//!     "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
//!                "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 60}], "End": true}}}"#;
//! let mut runner = Runner::from_definition(definition).unwrap();
//! runner.mocks_mut().on_state("Charge", |call| match call.call_count {
//!     0 => TaskOutcome::throw("Busy", "try again"),
//!     _ => TaskOutcome::Return(json!({"StatusCode": 200, "Payload": "charged"})),
//! });
//! let execution = runner.run(json!({"total": 12}));
//! assert_eq!(execution.status, Status::Succeeded);
//! assert_eq!(execution.output.unwrap()["Payload"], "charged");
//! assert!(execution.history.event_types().contains(&"TaskFailed"));
//! ```
//!
//! A `workflow!` item gets a runner with `Workflow::local()` (the `workflow` crate's `local`
//! feature); `workflow run` runs a definition file with a Step Functions Local mock
//! configuration.
//!
//! The crate has two layers:
//! - [`eval`]: pure evaluation of the expressions a definition holds (paths, payload templates,
//!   intrinsic functions, JSONata with AWS's own functions, Choice conditions), each failing with
//!   the runtime error name and cause text that AWS gives;
//! - the executor, which walks the states, keeps the clock and writes the history; [`Runner`]
//!   is its entry point, [`Mocks`] and [`MockConfig`] answer its tasks, [`History`] is what it
//!   writes (in the `get-execution-history` JSON shape) and [`integration`] shapes typed mocks'
//!   results the way each integration returns them; [`activity`] serves activities with the
//!   async handler a deployed worker runs.
//!
//! ## Performance
//!
//! `cargo bench -p workflow-local --bench executor` (or `./scripts/bench.sh`, which installs
//! the peer) times three scenarios against npm `aws-local-stepfunctions` in the same run, each
//! executor in one process, with the full history recorded: a 20-state machine run 10,000
//! times, a Map over 10,000 items and a 5,000-iteration Choice loop; it prints time per
//! execution, the ratio to the peer and both peak memories. What keeps a step cheap: the
//! context object (`$$`) is built only for expressions that can read it; a state's output is
//! serialized once, for its exited event, the payload-size check and the next state's entered
//! event; a state without `InputPath` reads its input where it is instead of a copy, and a Pass
//! state's `ResultPath` writes into the input it is done with.
//!
//! Where the time still goes (instruction counts under `valgrind --tool=callgrind`): about
//! half is allocation, most of it for the history, whose events hold their details as JSON
//! maps, and for the copies of each state's input that a Task's `ResultPath` makes (a Task
//! keeps its input for retries and catchers). Events held in a typed form and turned into JSON
//! only when asked, and a definition compiled to state indices, are the next steps.

pub mod activity;
pub mod clock;
mod data;
pub mod eval;
mod exec;
pub mod history;
pub mod integration;
pub mod mock;
pub mod mock_config;
mod runner;

pub use exec::{ExecutionConfig, MAX_HISTORY_EVENTS, PendingTask};
pub use history::History;
pub use mock::{Mocks, TaskCall, TaskOutcome};
pub use mock_config::{MockConfig, MockConfigError};
pub use runner::{Execution, LoadError, Runner, Status, TaskError};
pub use workflow_core::history::HistoryEvent;
