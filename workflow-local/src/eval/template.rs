//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector`, `Assign` and a Pass
//! state's `Result` in JSONPath mode (members whose key ends in `.$` are evaluated), and
//! `Arguments`, `Output` and `Assign` in JSONata mode (strings `{% … %}` are evaluated).

use super::{Env, Failure, Outcome};
use serde_json::{Map, Value};
use workflow_core::expr::Dynamic;
use workflow_core::model::{Assign, Template};

/// The value of a template. `field` is the name of the field that holds it (`Parameters`,
/// `Output`, `ItemSelector`, …), which JSONata failures quote, extended with the member path
/// (`Output/result`).
pub fn evaluate_template(
    template: &Template,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Value, Failure> {
    let _ = (template, field, env, outcome);
    Err(Failure::runtime("not implemented: payload templates"))
}

/// The values of an `Assign` block, in document order. Every value is evaluated against the
/// same variables (the ones in scope before the block), as AWS does.
pub fn evaluate_assign(
    assign: &Assign,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Map<String, Value>, Failure> {
    let _ = (assign, env, outcome);
    Err(Failure::runtime("not implemented: Assign"))
}

/// The value of a path or an intrinsic function call (a `.$` member, or a field such as
/// `ErrorPath`), or `None` when a path selects nothing, so the caller words its own failure.
pub fn evaluate_dynamic(dynamic: &Dynamic, env: &Env<'_>) -> Result<Option<Value>, Failure> {
    let _ = (dynamic, env);
    Err(Failure::runtime("not implemented: dynamic values"))
}
