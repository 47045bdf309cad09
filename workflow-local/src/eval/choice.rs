//! Choice rule conditions: the comparison operators with AWS's type rules, `And`, `Or`, `Not`,
//! and JSONata `Condition`.

use super::{Env, Failure, Outcome};
use workflow_core::model::Condition;

/// Whether the condition holds. A comparison of a value of the wrong type is false; a
/// `Variable` path that selects nothing fails with `States.Runtime`, except under `IsPresent`.
pub fn evaluate_condition(
    condition: &Condition,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<bool, Failure> {
    let _ = (condition, env, outcome);
    Err(Failure::runtime("not implemented: Choice conditions"))
}
