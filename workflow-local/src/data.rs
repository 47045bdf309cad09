//! The executor's one door into [`crate::eval`]: every evaluation of a path, a payload template,
//! a JSONata expression or a Choice condition goes through the functions here, so the rest of
//! the executor does not depend on how `eval` spells its API.

use crate::eval::{self, Env, Failure};
use serde_json::{Map, Value};
use workflow_core::expr::{Dynamic, Jsonata, Path};
use workflow_core::model::{Assign, Condition, NullablePath, Template};

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
pub(crate) fn merge_result(input: &Value, path: &Path, result: Value) -> Result<Value, Failure> {
    eval::apply_result_path(Some(&NullablePath::Path(path.clone())), input, result)
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

/// AWS's 256 KiB limit on what a state returns.
pub(crate) fn check_payload_size(value: &Value, state: &str) -> Result<(), Failure> {
    eval::check_payload_size(value, state)
}

/// A timestamp in the forms AWS accepts, in milliseconds since the epoch.
pub(crate) fn parse_timestamp_ms(text: &str) -> Option<i64> {
    eval::timestamp::parse_timestamp(text).and_then(|ns| i64::try_from(ns / 1_000_000).ok())
}

/// A JSON number from its lexical form.
pub(crate) fn number(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// JSON text without spaces, as AWS writes payloads into events and causes.
pub(crate) fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
