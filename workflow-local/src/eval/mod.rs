//! Evaluation of the expressions a definition holds, as AWS evaluates them at run time.
//!
//! Everything here is pure: it reads values and returns a value or a [`Failure`] carrying the
//! runtime error name (`States.Runtime`, `States.IntrinsicFailure`, …) and the cause text AWS
//! writes for it, so the executor only has to put the failure into the history.
//!
//! A cause returned here is the part of AWS's text that follows the state prefix
//! ("An error occurred while executing the state 'X' (entered at the event id #N). "); the
//! executor adds that prefix with [`Failure::in_state`]. Failures whose AWS text has no such
//! prefix (the payload size check) are [`Failure::is_complete`].
//!
//! The modules, one per kind of expression:
//! - [`path`]: JSONPath queries (`InputPath`, `OutputPath`, `ItemsPath`, `…Path` fields);
//! - [`result_path`]: putting a result into the input at `ResultPath`;
//! - [`template`]: payload templates in both query languages (`Parameters`, `ResultSelector`,
//!   `ItemSelector`, `Assign`, `Arguments`, `Output`);
//! - [`intrinsic`]: the `States.*` intrinsic functions;
//! - [`jsonata`]: JSONata expressions with `$states` and AWS's added functions;
//! - [`choice`]: Choice rule conditions;
//! - [`fields`]: fields that read one typed value (`SecondsPath`, `MaxConcurrencyPath`,
//!   JSONata `Items` and `Timestamp`, …);
//! - [`timestamp`]: the timestamp formats AWS accepts;
//! - [`size`]: the 256 KiB payload limit.
//!
//! ```
//! use serde_json::{Map, json};
//! use workflow_core::model::{NullablePath, Template};
//! use workflow_core::expr::{Dynamic, Path};
//! use workflow_local::eval::{Env, Outcome, apply_result_path, evaluate_template};
//!
//! // "Parameters": { "greeting.$": "States.Format('Hello, {}!', $.name)" }
//! let parameters = Template::Object(vec![(
//!     "greeting".into(),
//!     Template::Dynamic(Dynamic::parse("States.Format('Hello, {}!', $.name)").unwrap()),
//! )]);
//! let input = json!({"name": "Ada"});
//! let env = Env { input: &input, context: &json!({}), variables: &Map::new(), seed: 1 };
//! let result = evaluate_template(&parameters, "Parameters", &env, Outcome::default()).unwrap();
//! assert_eq!(result, json!({"greeting": "Hello, Ada!"}));
//!
//! // "ResultPath": "$.reply"
//! let result_path = NullablePath::Path(Path::parse("$.reply").unwrap());
//! let output = apply_result_path(Some(&result_path), &input, result).unwrap();
//! assert_eq!(output, json!({"name": "Ada", "reply": {"greeting": "Hello, Ada!"}}));
//!
//! // A path that selects nothing fails as AWS words it, once the state is named.
//! let missing = Path::parse("$.age").unwrap();
//! let failure = workflow_local::eval::read_path(&missing, &env).unwrap_err().in_state("Greet", 2);
//! assert_eq!(failure.error, "States.Runtime");
//! assert_eq!(
//!     failure.cause,
//!     "An error occurred while executing the state 'Greet' (entered at the event id #2). \
//!      Invalid path '$.age' : No results for path: $['age']"
//! );
//! ```

pub mod choice;
#[cfg(test)]
mod conformance;
mod context_use;
mod digest;
pub mod fields;
mod filter;
pub mod intrinsic;
pub mod jsonata;
pub mod path;
pub mod result_path;
#[cfg(test)]
mod robustness;
pub mod size;
pub mod template;
pub mod timestamp;
mod value;

pub use choice::evaluate_condition;
pub(crate) use context_use::{
    condition_reads_context, dynamic_reads_context, path_reads_context, template_reads_context,
};
pub use intrinsic::evaluate_intrinsic;
pub use jsonata::evaluate_jsonata;
pub use path::{PathMiss, query, read_path};
pub use result_path::apply_result_path;
pub(crate) use result_path::{fits, put_result};
pub use size::{check_payload_bytes, check_payload_size};
pub use template::{evaluate_assign, evaluate_dynamic, evaluate_template, static_value};

use serde_json::Value;

/// A runtime error, as AWS names and describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error name, for example `States.Runtime`.
    pub error: String,
    /// The cause text, worded as AWS words it.
    pub cause: String,
}

/// The error names AWS uses for failures of evaluation.
pub mod errors {
    pub const RUNTIME: &str = "States.Runtime";
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
}

impl Failure {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }

    /// A `States.Runtime` failure.
    pub fn runtime(cause: impl Into<String>) -> Failure {
        Failure::new(errors::RUNTIME, cause)
    }

    /// The failure with AWS's state prefix put before the cause:
    /// `An error occurred while executing the state 'X' (entered at the event id #N). …`.
    /// Failures whose text AWS writes without the prefix ([`Failure::is_complete`]) are
    /// returned unchanged.
    pub fn in_state(self, state: &str, entered_event_id: u64) -> Failure {
        if self.is_complete() {
            return self;
        }
        Failure {
            cause: format!(
                "An error occurred while executing the state '{state}' (entered at the event id #{entered_event_id}). {}",
                self.cause
            ),
            error: self.error,
        }
    }

    /// Whether the cause is already the whole text AWS writes, with no state prefix to add.
    pub fn is_complete(&self) -> bool {
        self.error == errors::DATA_LIMIT_EXCEEDED
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for Failure {}

/// What an expression can read: the state's effective input (`$`), the context object (`$$`),
/// and the variables in scope (`$name`), and the seed of the generated values.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub input: &'a Value,
    pub context: &'a Value,
    pub variables: &'a serde_json::Map<String, Value>,
    /// Seeds `States.UUID`, `States.MathRandom` without a seed, `$uuid()` and `$random()`, so a
    /// run is repeatable. Successive calls within one evaluation draw different values; give
    /// each evaluation its own seed (for example the execution's seed mixed with the event id).
    pub seed: u64,
}

/// What `$states` holds in JSONata besides the input and the context: the task's result (in
/// `Output`, `Assign` and a Task's `Output`) and the error output (in a `Catch`). `None` where
/// AWS leaves the field out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outcome<'a> {
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
}
