//! The executor's one door into [`crate::eval`]: every evaluation of a path, a payload template,
//! a JSONata expression or a Choice condition goes through the functions here, so the rest of
//! the executor does not depend on how `eval` spells its API.

use crate::eval::{self, Env, Failure};
use serde_json::{Map, Value};
use std::borrow::Cow;
use workflow_core::expr::{Dynamic, Jsonata, Path};
use workflow_core::model::{Assign, Condition, Template};

pub(crate) use crate::eval::Outcome;

/// The value a path names; a path that selects nothing fails as AWS words it for `InputPath`,
/// `OutputPath` and `ItemsPath`.
pub(crate) fn read_path(path: &Path, env: Env<'_>) -> Result<Value, Failure> {
    eval::read_path(path, &env)
}

/// A `.$` value or a `…Path` field: `None` when its path selects nothing.
pub(crate) fn evaluate_dynamic(dynamic: &Dynamic, env: Env<'_>) -> Result<Option<Value>, Failure> {
    eval::evaluate_dynamic(dynamic, &env)
}

/// A payload template of either query language; `field` names it in failures.
pub(crate) fn evaluate_template(
    template: &Template,
    env: Env<'_>,
    outcome: Outcome<'_>,
    field: &str,
) -> Result<Value, Failure> {
    eval::evaluate_template(template, field, &env, outcome)
}

/// The variables an `Assign` block sets.
pub(crate) fn evaluate_assign(
    assign: &Assign,
    env: Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Map<String, Value>, Failure> {
    eval::evaluate_assign(assign, &env, outcome)
}

/// `ResultPath`: `result` placed into `input` at `path`.
pub(crate) fn merge_result(
    input: Cow<'_, Value>,
    path: &Path,
    result: Value,
) -> Result<Value, Failure> {
    eval::put_result(path, input, result)
}

/// A JSONata expression; `$states` is built from the environment's input and context and
/// `outcome`.
pub(crate) fn evaluate_jsonata(
    expr: &Jsonata,
    env: Env<'_>,
    outcome: Outcome<'_>,
    field: &str,
) -> Result<Value, Failure> {
    eval::evaluate_jsonata(expr, field, &env, outcome)
}

/// A Choice rule's condition, in either query language.
pub(crate) fn condition_holds(
    condition: &Condition,
    env: Env<'_>,
    outcome: Outcome<'_>,
) -> Result<bool, Failure> {
    eval::evaluate_condition(condition, &env, outcome)
}

/// AWS's 256 KiB limit on what a state returns, for a payload serialized to `size` bytes.
pub(crate) fn check_payload_bytes(size: usize, state: &str) -> Result<(), Failure> {
    eval::check_payload_bytes(size, state)
}

/// A timestamp in the forms AWS accepts, in milliseconds since the epoch.
pub(crate) fn parse_timestamp_ms(text: &str) -> Option<i64> {
    eval::timestamp::parse_timestamp(text).map(nanos_to_millis)
}

/// Wait `SecondsPath`, in whole seconds.
pub(crate) fn read_seconds_path(path: &Path, env: Env<'_>) -> Result<u64, Failure> {
    eval::fields::read_seconds_path(path, &env)
}

/// Wait `TimestampPath`, in milliseconds since the epoch.
pub(crate) fn read_timestamp_path(path: &Path, env: Env<'_>) -> Result<i64, Failure> {
    eval::fields::read_timestamp_path(path, &env).map(|(ns, _)| nanos_to_millis(ns))
}

/// Wait `Timestamp` as a JSONata expression, in milliseconds since the epoch.
pub(crate) fn evaluate_jsonata_timestamp(expr: &Jsonata, env: Env<'_>) -> Result<i64, Failure> {
    eval::fields::evaluate_jsonata_timestamp(expr, &env, Outcome::default())
        .map(|(ns, _)| nanos_to_millis(ns))
}

/// A whole number through a `…Path` field (`MaxConcurrencyPath`, `TimeoutSecondsPath`…);
/// `field` is the field's name.
pub(crate) fn read_integer_path(field: &str, path: &Path, env: Env<'_>) -> Result<i64, Failure> {
    eval::fields::read_integer_path(field, path, &env)
}

/// A number through a `…Path` field (`ToleratedFailurePercentagePath`).
pub(crate) fn read_number_path(field: &str, path: &Path, env: Env<'_>) -> Result<f64, Failure> {
    eval::fields::read_number_path(field, path, &env)
}

/// A JSONata `Items` expression, which must give an array.
pub(crate) fn evaluate_jsonata_items(expr: &Jsonata, env: Env<'_>) -> Result<Value, Failure> {
    eval::fields::evaluate_jsonata_as(
        expr,
        "Items",
        eval::fields::JsonType::Array,
        &env,
        Outcome::default(),
    )
}

/// A JSONata Map's input that is not an array.
pub(crate) fn map_input_not_array(items: &Value) -> Failure {
    eval::fields::map_input_not_array(items)
}

/// A Pass state's static `Result`.
pub(crate) fn static_value(json: &workflow_core::model::Json) -> Value {
    eval::static_value(json)
}

fn nanos_to_millis(ns: i128) -> i64 {
    i64::try_from(ns.div_euclid(1_000_000)).unwrap_or(i64::MAX)
}

/// JSON text without spaces, as AWS writes payloads into events and causes.
pub(crate) fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
