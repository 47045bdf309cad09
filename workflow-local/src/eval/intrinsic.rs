//! The intrinsic functions `States.*`, evaluated as AWS evaluates them.

use super::{Env, Failure};
use serde_json::Value;
use workflow_core::expr::Intrinsic;

/// The value of an intrinsic function call. `States.UUID` and `States.MathRandom` without a
/// seed draw from a generator seeded by the context object, so a run is repeatable.
pub fn evaluate_intrinsic(call: &Intrinsic, env: &Env<'_>) -> Result<Value, Failure> {
    let _ = (call, env);
    Err(Failure::new(
        super::errors::INTRINSIC_FAILURE,
        "not implemented: intrinsic functions",
    ))
}
