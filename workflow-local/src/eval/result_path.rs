//! `ResultPath`: where a state's result goes in its input.

use super::Failure;
use serde_json::Value;
use workflow_core::model::NullablePath;

/// The input with `result` put at `result_path`: `None` (no ResultPath) or `$` gives the result,
/// `null` keeps the input and discards the result, `$.a.b` sets the field, creating the
/// intermediate objects. Fails with `States.ResultPathMatchFailure` when a step of the path is
/// not an object.
pub fn apply_result_path(
    result_path: Option<&NullablePath>,
    input: &Value,
    result: Value,
) -> Result<Value, Failure> {
    let _ = (result_path, input, result);
    Err(Failure::runtime("not implemented: ResultPath"))
}
