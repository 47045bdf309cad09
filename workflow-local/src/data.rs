//! The executor's one door into [`crate::eval`]: every evaluation of a path, a payload template,
//! a JSONata expression or a Choice condition goes through the functions here, so the executor
//! never depends on how `eval` spells its API.
//!
//! Where `eval` does not offer a function yet, the body here is a narrow stand-in (reference
//! paths, `.$` paths, plain JSONata) that fails with `States.Runtime` on anything it does not
//! know; each is replaced by the `eval` call as it lands.

use crate::eval::{Env, Failure};
use serde_json::{Map, Value};
use workflow_core::expr::{Dynamic, Jsonata, Path, PathRoot, Segment};
use workflow_core::model::{Condition, Template};

/// The value a path names. `field` is the definition field the path is written in, for the
/// cause text.
pub(crate) fn read_path(path: &Path, env: Env<'_>) -> Result<Value, Failure> {
    let root = match &path.root {
        PathRoot::Input => env.input,
        PathRoot::Context => env.context,
        PathRoot::Variable(name) => env.variables.get(name).ok_or_else(|| {
            Failure::new(
                "States.Runtime",
                format!("The variable '${name}' is not defined."),
            )
        })?,
    };
    let mut at = root;
    for segment in &path.segments {
        let next = match (segment, at) {
            (Segment::Field(name), Value::Object(o)) => o.get(name),
            (Segment::Index(i), Value::Array(a)) => {
                let i = if *i < 0 { a.len() as i64 + i } else { *i };
                usize::try_from(i).ok().and_then(|i| a.get(i))
            }
            _ => None,
        };
        at = next.ok_or_else(|| {
            Failure::new(
                "States.Runtime",
                format!(
                    "The JSONPath '{}' could not be found in the input '{}'",
                    path.as_str(),
                    compact(env.input)
                ),
            )
        })?;
    }
    Ok(at.clone())
}

/// A `.$` value: a path or an intrinsic function call.
pub(crate) fn evaluate_dynamic(dynamic: &Dynamic, env: Env<'_>) -> Result<Value, Failure> {
    match dynamic {
        Dynamic::Path(path) => read_path(path, env),
        Dynamic::Intrinsic(call) => Err(Failure::new(
            "States.Runtime",
            format!("The intrinsic function '{}' is not supported.", call.name),
        )),
    }
}

/// A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`…) or a
/// JSONata template (`Arguments`, `Output`, `Assign`…): `states` is the `$states` object, used by
/// JSONata expressions only.
pub(crate) fn evaluate_template(
    template: &Template,
    env: Env<'_>,
    states: &Value,
    field: &str,
) -> Result<Value, Failure> {
    Ok(match template {
        Template::Null => Value::Null,
        Template::Bool(b) => Value::Bool(*b),
        Template::Number(n) => number(n.as_str()),
        Template::String(s) => Value::String(s.clone()),
        Template::Expr(expr) => evaluate_jsonata(expr, env, states, field)?,
        Template::Array(items) => Value::Array(
            items
                .iter()
                .map(|t| evaluate_template(t, env, states, field))
                .collect::<Result<_, _>>()?,
        ),
        Template::Object(members) => {
            let mut object = Map::new();
            for (key, value) in members {
                object.insert(key.clone(), evaluate_template(value, env, states, field)?);
            }
            Value::Object(object)
        }
        Template::Dynamic(dynamic) => evaluate_dynamic(dynamic, env)?,
    })
}

/// `ResultPath`: `result` placed into `input` at `path`.
pub(crate) fn merge_result(input: &Value, path: &Path, result: Value) -> Result<Value, Failure> {
    if path.segments.is_empty() {
        return Ok(result);
    }
    let mut merged = input.clone();
    let mut at = &mut merged;
    for segment in &path.segments {
        let Segment::Field(name) = segment else {
            return Err(match_failure(path, input));
        };
        if at.is_null() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(object) = at else {
            return Err(match_failure(path, input));
        };
        at = object.entry(name.clone()).or_insert(Value::Null);
        if !at.is_object() {
            *at = Value::Null;
        }
    }
    *at = result;
    Ok(merged)
}

fn match_failure(path: &Path, input: &Value) -> Failure {
    Failure::new(
        "States.ResultPathMatchFailure",
        format!(
            "Unable to apply ReferencePath {} to input {}",
            path.as_str(),
            compact(input)
        ),
    )
}

/// A JSONata expression, with `$states` and the variables bound.
pub(crate) fn evaluate_jsonata(
    expr: &Jsonata,
    env: Env<'_>,
    states: &Value,
    field: &str,
) -> Result<Value, Failure> {
    use jsonata_core::evaluator::{Context, Evaluator};
    use jsonata_core::value::JValue;
    let ast = jsonata_core::parser::parse(expr.body())
        .map_err(|e| Failure::new("States.QueryEvaluationError", e.to_string()))?;
    let mut context = Context::new();
    context.bind("states".into(), JValue::from(states.clone()));
    for (name, value) in env.variables {
        context.bind(name.clone(), JValue::from(value.clone()));
    }
    let input = JValue::from(env.input.clone());
    let value = Evaluator::with_context(context)
        .evaluate(&ast, &input)
        .map_err(|e| Failure::new("States.QueryEvaluationError", e.to_string()))?;
    if value.is_undefined() {
        return Err(Failure::new(
            "States.QueryEvaluationError",
            format!(
                "The JSONata expression '{}' specified for the field '{field}' returned nothing (undefined).",
                expr.body().trim()
            ),
        ));
    }
    let text = value
        .to_json_string()
        .map_err(|e| Failure::new("States.QueryEvaluationError", e.to_string()))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::new("States.QueryEvaluationError", e.to_string()))
}

/// A Choice rule's condition.
pub(crate) fn condition_holds(
    condition: &Condition,
    env: Env<'_>,
    states: &Value,
) -> Result<bool, Failure> {
    const FIELD: &str = "Condition";
    match condition {
        Condition::And(all) => {
            for c in all {
                if !condition_holds(c, env, states)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Or(any) => {
            for c in any {
                if condition_holds(c, env, states)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Not(c) => Ok(!condition_holds(c, env, states)?),
        Condition::Commented { rule, .. } => condition_holds(rule, env, states),
        Condition::Jsonata(template) => match evaluate_template(template, env, states, FIELD)? {
            Value::Bool(b) => Ok(b),
            other => Err(Failure::new(
                "States.QueryEvaluationError",
                format!(
                    "The Condition evaluated to a non-boolean value: {}",
                    compact(&other)
                ),
            )),
        },
        Condition::Compare(comparison) => stand_in_compare(comparison, env),
    }
}

fn stand_in_compare(
    comparison: &workflow_core::model::Comparison,
    env: Env<'_>,
) -> Result<bool, Failure> {
    use workflow_core::model::{Operand, Operator as Op};
    let value = read_path(&comparison.variable, env).ok();
    let operand = match &comparison.operand {
        Operand::String(s) => Value::String(s.clone()),
        Operand::Number(n) => number(n.as_str()),
        Operand::Bool(b) => Value::Bool(*b),
        Operand::Path(p) => read_path(p, env)?,
    };
    let Some(value) = value else {
        return match comparison.operator {
            Op::IsPresent => Ok(operand == Value::Bool(false)),
            _ => Err(Failure::new(
                "States.Runtime",
                format!(
                    "Invalid path '{}': The choice state's condition path references an invalid value.",
                    comparison.variable.as_str()
                ),
            )),
        };
    };
    let ordering = |a: &Value, b: &Value| match (a, b) {
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        _ => None,
    };
    let o = ordering(&value, &operand);
    use std::cmp::Ordering::{Equal, Greater, Less};
    Ok(match comparison.operator {
        Op::StringEquals | Op::NumericEquals | Op::BooleanEquals | Op::TimestampEquals => {
            o == Some(Equal) || (value.is_boolean() && value == operand)
        }
        Op::StringLessThan | Op::NumericLessThan | Op::TimestampLessThan => o == Some(Less),
        Op::StringGreaterThan | Op::NumericGreaterThan | Op::TimestampGreaterThan => {
            o == Some(Greater)
        }
        Op::StringLessThanEquals | Op::NumericLessThanEquals | Op::TimestampLessThanEquals => {
            matches!(o, Some(Less | Equal))
        }
        Op::StringGreaterThanEquals
        | Op::NumericGreaterThanEquals
        | Op::TimestampGreaterThanEquals => matches!(o, Some(Greater | Equal)),
        Op::StringMatches => false,
        Op::IsNull => value.is_null() == (operand == Value::Bool(true)),
        Op::IsPresent => operand == Value::Bool(true),
        Op::IsNumeric => value.is_number() == (operand == Value::Bool(true)),
        Op::IsString => value.is_string() == (operand == Value::Bool(true)),
        Op::IsBoolean => value.is_boolean() == (operand == Value::Bool(true)),
        Op::IsTimestamp => {
            let is = value.as_str().and_then(crate::clock::parse_iso).is_some();
            is == (operand == Value::Bool(true))
        }
    })
}

/// A JSON number from its lexical form.
pub(crate) fn number(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// JSON text without spaces, as AWS writes payloads into events and causes.
pub(crate) fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
