//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` and `Assign` in JSONPath
//! mode (members whose key ends in `.$` are evaluated), and `Arguments`, `Output` and `Assign`
//! in JSONata mode (strings `{% … %}` are evaluated). A Pass state's `Result` is not evaluated:
//! [`static_value`] gives it as written.

use super::{Env, Failure, Outcome, intrinsic, jsonata, path, value};
use serde_json::{Map, Value};
use workflow_core::expr::Dynamic;
use workflow_core::model::{Assign, Json, Template};

/// The value of a template. `field` is the name of the field that holds it (`Parameters`,
/// `Output`, `ItemSelector`, …); JSONata failures quote it extended with the member path
/// (`Output/result`).
pub fn evaluate_template(
    template: &Template,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Value, Failure> {
    let mut draws = intrinsic::Draws::for_field(env.seed, field);
    evaluate(template, field, env, outcome, &mut draws)
}

/// The values of an `Assign` block, in document order. Every value is evaluated against the
/// same variables (the ones in scope before the block), as AWS does.
pub fn evaluate_assign(
    assign: &Assign,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Map<String, Value>, Failure> {
    let mut draws = intrinsic::Draws::for_field(env.seed, "Assign");
    let mut out = Map::new();
    for (name, template) in &assign.variables {
        let value = match template {
            Template::Dynamic(dynamic) => dynamic_member(dynamic, name, env, &mut draws)?,
            other => evaluate(other, &format!("Assign/{name}"), env, outcome, &mut draws)?,
        };
        out.insert(name.clone(), value);
    }
    Ok(out)
}

/// Static JSON from the definition (a Pass state's `Result`) as a value; numbers keep the
/// form they were written in (`1.0` stays `1.0`, as AWS keeps it).
pub fn static_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => value::lexical_number(n.as_str()),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(static_value).collect()),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), static_value(v)))
                .collect(),
        ),
    }
}

/// The value of a path or an intrinsic function call (a `.$` member, or a field such as
/// `ErrorPath`), or `None` when a path selects nothing, so the caller words its own failure.
pub fn evaluate_dynamic(dynamic: &Dynamic, env: &Env<'_>) -> Result<Option<Value>, Failure> {
    match dynamic {
        Dynamic::Path(p) => Ok(path::query(p, env).ok()),
        Dynamic::Intrinsic(call) => {
            let mut draws = intrinsic::Draws::new(env.seed);
            intrinsic::evaluate_with(call, env, &mut draws).map(Some)
        }
    }
}

fn evaluate(
    template: &Template,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
    draws: &mut intrinsic::Draws,
) -> Result<Value, Failure> {
    Ok(match template {
        Template::Null => Value::Null,
        Template::Bool(b) => Value::Bool(*b),
        Template::Number(n) => value::lexical_number(n.as_str()),
        Template::String(s) => Value::String(s.clone()),
        Template::Expr(expr) => jsonata::evaluate_with(expr, field, env, outcome, draws)?,
        Template::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| evaluate(item, &format!("{field}/{i}"), env, outcome, draws))
                .collect::<Result<_, _>>()?,
        ),
        Template::Object(members) => {
            let mut map = Map::with_capacity(members.len());
            for (key, member) in members {
                let value = match member {
                    Template::Dynamic(dynamic) => dynamic_member(dynamic, key, env, draws)?,
                    // A scalar cannot fail: the member's field name is not needed.
                    scalar @ (Template::Null
                    | Template::Bool(_)
                    | Template::Number(_)
                    | Template::String(_)) => evaluate(scalar, field, env, outcome, draws)?,
                    other => evaluate(other, &format!("{field}/{key}"), env, outcome, draws)?,
                };
                map.insert(key.clone(), value);
            }
            Value::Object(map)
        }
        Template::Dynamic(dynamic) => dynamic_member(dynamic, field, env, draws)?,
    })
}

/// The value of a `key.$` member; a path that selects nothing fails as AWS words it.
fn dynamic_member(
    dynamic: &Dynamic,
    key: &str,
    env: &Env<'_>,
    draws: &mut intrinsic::Draws,
) -> Result<Value, Failure> {
    match dynamic {
        Dynamic::Path(p) => path::query(p, env).map_err(|_| {
            let source = match &p.root {
                workflow_core::expr::PathRoot::Context => env.context,
                workflow_core::expr::PathRoot::Input => env.input,
                workflow_core::expr::PathRoot::Variable(name) => {
                    env.variables.get(name).unwrap_or(&Value::Null)
                }
            };
            Failure::runtime(format!(
                "The JSONPath '{}' specified for the field '{key}.$' could not be found in the input '{}'",
                p.as_str(),
                value::compact(source)
            ))
        }),
        Dynamic::Intrinsic(call) => intrinsic::evaluate_with(call, env, draws),
    }
}
