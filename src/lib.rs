//! # workflow
//!
//! Infrastructure as code for AWS Step Functions. This facade re-exports the pieces:
//! [`core`] holds the Amazon States Language model, parser, validator and emitter.

pub use workflow_core as core;
pub use workflow_core::{Diagnostic, Format, Options, Report, Rule, Severity, StateMachine, check};
