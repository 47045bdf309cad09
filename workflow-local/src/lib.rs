//! # workflow-local
//!
//! Runs a validated state machine in process, as AWS Step Functions runs it: the JSONPath and
//! JSONata data flow, intrinsic functions, variables, every state type, retries and catchers,
//! with mocked tasks, a virtual clock and the execution history AWS would write.
//!
//! The crate has two layers:
//! - [`eval`]: pure evaluation of the expressions a definition holds (paths, payload templates,
//!   intrinsic functions, JSONata with AWS's own functions, Choice conditions), each failing with
//!   the runtime error name and cause text that AWS gives;
//! - the executor, which walks the states, keeps the clock and writes the history; [`Runner`]
//!   is its entry point.

pub mod clock;
mod data;
pub mod eval;
mod exec;
pub mod history;
pub mod integration;
pub mod mock;
pub mod mock_config;
mod runner;

pub use exec::{ExecutionConfig, MAX_HISTORY_EVENTS};
pub use history::{Event, History};
pub use mock::{Mocks, TaskCall, TaskOutcome};
pub use mock_config::{MockConfig, MockConfigError};
pub use runner::{Execution, LoadError, Runner, Status, TaskError};
