//! Evaluation of the expressions a definition holds, as AWS evaluates them at run time.
//!
//! Everything here is pure: it reads values and returns a value or a [`Failure`] carrying the
//! runtime error name (`States.Runtime`, `States.IntrinsicFailure`, …) and the cause text AWS
//! writes for it, so the executor only has to put the failure into the history.

use serde_json::Value;

/// A runtime error, as AWS names and describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error name, for example `States.Runtime`.
    pub error: String,
    /// The cause text, worded as AWS words it.
    pub cause: String,
}

impl Failure {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }
}

/// What an expression can read: the state's effective input (`$`), the context object (`$$`),
/// and the variables in scope (`$name`).
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub input: &'a Value,
    pub context: &'a Value,
    pub variables: &'a serde_json::Map<String, Value>,
}
