//! JSONata expressions with `$states` bound, the workflow variables, and the functions Step
//! Functions adds: `$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`.

use super::intrinsic::{self, Draws};
use super::{Env, Failure, Outcome, errors, value};
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError, EvaluatorOptions};
use jsonata_core::value::JValue;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::rc::Rc;
use workflow_core::expr::Jsonata;

/// The value of an expression; `field` is where it is written (`Output/result`), which AWS
/// quotes in failures. An expression that returns nothing fails with
/// `States.QueryEvaluationError` (`… returned nothing (undefined).`).
pub fn evaluate_jsonata(
    expr: &Jsonata,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Value, Failure> {
    let mut draws = Draws::for_field(env.seed, field);
    evaluate_with(expr, field, env, outcome, &mut draws)
}

/// The `$states` object AWS binds: `input`, `context`, and `result` and `errorOutput` where
/// they exist.
pub fn states_object(env: &Env<'_>, outcome: Outcome<'_>) -> Value {
    let mut states = Map::new();
    states.insert("input".into(), env.input.clone());
    if let Some(result) = outcome.result {
        states.insert("result".into(), result.clone());
    }
    if let Some(error_output) = outcome.error_output {
        states.insert("errorOutput".into(), error_output.clone());
    }
    states.insert("context".into(), env.context.clone());
    Value::Object(states)
}

/// How long one expression may run before it fails (JSONata's D1012).
const EVALUATION_TIME_LIMIT_MS: u64 = 10_000;

fn query_failure(cause: String) -> Failure {
    Failure::new(errors::QUERY_EVALUATION_ERROR, cause)
}

pub(crate) fn evaluate_with(
    expr: &Jsonata,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
    draws: &mut Draws,
) -> Result<Value, Failure> {
    let body = expr.body().trim();
    let threw = |message: &str| {
        query_failure(format!(
            "The JSONata expression '{body}' specified for the field '{field}' threw an error during evaluation. {message}"
        ))
    };
    let ast = jsonata_core::parser::parse(body).map_err(|e| threw(&e.to_string()))?;
    let mut context = Context::new();
    // Only the variables the text names are converted: converting every large variable for
    // every expression would cost more than the evaluation. A name that merely occurs in the
    // text is bound too, which changes nothing.
    for (name, v) in env.variables {
        if mentions_variable(body, name) {
            context.bind(name.clone(), JValue::from(v.clone()));
        }
    }
    if mentions_variable(body, "states") {
        context.bind(
            "states".to_string(),
            JValue::from(states_object(env, outcome)),
        );
    }
    // A tail-recursive function runs forever in JSONata; a time limit keeps a run from hanging.
    let options = EvaluatorOptions {
        timeout_ms: Some(EVALUATION_TIME_LIMIT_MS),
        ..EvaluatorOptions::default()
    };
    let mut evaluator = Evaluator::with_options(context, options);
    let shared = Rc::new(RefCell::new(draws.clone()));
    register_aws_functions(&mut evaluator, &shared).map_err(|e| threw(e.message()))?;
    if let Some(now) = virtual_now(env.context) {
        register_clock(&mut evaluator, now).map_err(|e| threw(e.message()))?;
    }
    let result = evaluator.evaluate(&ast, &JValue::Null);
    *draws = shared.borrow().clone();
    let result = result.map_err(|e| threw(&aws_message(e.message())))?;
    match result {
        JValue::Undefined => Err(query_failure(format!(
            "The JSONata expression '{body}' specified for the field '{field}' returned nothing (undefined)."
        ))),
        JValue::Lambda(_) | JValue::Builtin { .. } | JValue::Regex { .. } => {
            Err(query_failure(format!(
                "The JSONata expression '{body}' specified for the field '{field}' returned an unsupported result type."
            )))
        }
        other => Ok(to_json(&other)),
    }
}

/// An evaluation error as AWS quotes it. AWS runs JSONata 2.0.6, whose messages put a token
/// in quotes (`The left side of the "+" operator …`) and name no token in T1006; jsonata-core
/// words a few of them differently, so those are rewritten to the reference wording.
fn aws_message(message: &str) -> String {
    const BARE: &[&str] = &["T1006: Attempted to invoke a non-function"];
    if let Some(bare) = BARE.iter().find(|bare| message.starts_with(*bare)) {
        return bare.to_string();
    }
    for (code, side) in [("T2001", "left"), ("T2002", "right")] {
        let prefix = format!("{code}: The {side} side of the ");
        let suffix = " operator must evaluate to a number";
        if let Some(operator) = message
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
        {
            return format!("{prefix}{}{suffix}", Value::String(operator.to_string()));
        }
    }
    if let Some(text) = message
        .strip_prefix("D3030: Cannot convert '")
        .and_then(|rest| rest.strip_suffix("' to number"))
    {
        return format!(
            "D3030: Unable to cast value to a number: {}",
            Value::String(text.to_string())
        );
    }
    message.to_string()
}

/// Whether `$name` occurs in the text, not as the start of a longer name.
fn mentions_variable(body: &str, name: &str) -> bool {
    let needle = format!("${name}");
    body.match_indices(&needle).any(|(at, _)| {
        !body[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// A JSONata value as JSON, whole numbers written without a fraction.
pub(crate) fn to_json(v: &JValue) -> Value {
    match v {
        JValue::Null | JValue::Undefined => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => value::number(*n),
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => Value::Array(
            items
                .iter()
                .filter(|i| !i.is_undefined())
                .map(to_json)
                .collect(),
        ),
        JValue::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_undefined() && !v.is_function())
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn error(message: impl Into<String>) -> EvaluatorError {
    EvaluatorError::EvaluationError(message.into())
}

fn json_arg(args: &[JValue], i: usize) -> Value {
    args.get(i).map(to_json).unwrap_or(Value::Null)
}

/// Registers `$partition`, `$range`, `$hash`, `$random`, `$uuid` and `$parse`, which
/// evaluate as the intrinsic functions they mirror.
fn register_aws_functions(
    evaluator: &mut Evaluator,
    draws: &Rc<RefCell<Draws>>,
) -> Result<(), EvaluatorError> {
    evaluator.register_fn("partition", |args: &[JValue]| {
        let (Value::Array(items), Some(size)) =
            (json_arg(args, 0), args.get(1).and_then(JValue::as_f64))
        else {
            return Err(error(
                "The $partition function requires an array and a positive chunk size",
            ));
        };
        intrinsic::partition(items, size, "$partition")
            .map(|v| JValue::from(Value::Array(v)))
            .map_err(|f| error(f.cause))
    })?;
    evaluator.register_fn("range", |args: &[JValue]| {
        let numbers: Vec<Value> = (0..3).map(|i| json_arg(args, i)).collect();
        intrinsic::range(&numbers, "$range")
            .map(|v| JValue::from(Value::Array(v)))
            .map_err(|f| error(f.cause))
    })?;
    evaluator.register_fn("hash", |args: &[JValue]| {
        let (Value::String(data), Value::String(algorithm)) =
            (json_arg(args, 0), json_arg(args, 1))
        else {
            return Err(error(
                "The $hash function requires a string to hash and an algorithm name",
            ));
        };
        intrinsic::hash(&data, &algorithm)
            .map(JValue::from)
            .map_err(|f| error(f.cause))
    })?;
    evaluator.register_fn("parse", |args: &[JValue]| {
        let Value::String(text) = json_arg(args, 0) else {
            return Err(error("The $parse function requires a string"));
        };
        serde_json::from_str::<Value>(&text)
            .map(JValue::from)
            .map_err(|e| {
                error(format!(
                    "The $parse function could not parse the string: {e}"
                ))
            })
    })?;
    let uuid_draws = Rc::clone(draws);
    evaluator.register_fn("uuid", move |_: &[JValue]| {
        Ok(JValue::from(uuid_draws.borrow_mut().uuid()))
    })?;
    // Step Functions leaves `$eval` out ("use `$parse` instead"): calling it is calling
    // nothing.
    evaluator.register_fn_override("eval", |_: &[JValue]| {
        Err(error("T1006: Attempted to invoke a non-function"))
    })?;
    let random_draws = Rc::clone(draws);
    evaluator.register_fn_override("random", move |args: &[JValue]| {
        let fraction = match args.first().and_then(JValue::as_f64) {
            Some(seed) => Draws::new(seed.to_bits()).fraction(),
            None => random_draws.borrow_mut().fraction(),
        };
        Ok(JValue::from(fraction))
    })?;
    Ok(())
}

/// The moment the state was entered (`$$.State.EnteredTime`, else `$$.Execution.StartTime`),
/// in milliseconds since the epoch: what `$now()` and `$millis()` read, so an expression sees
/// the executor's clock and a run is repeatable.
fn virtual_now(context: &Value) -> Option<i64> {
    [
        &context["State"]["EnteredTime"],
        &context["Execution"]["StartTime"],
    ]
    .into_iter()
    .filter_map(Value::as_str)
    .find_map(super::timestamp::parse_timestamp)
    .and_then(|nanos| i64::try_from(nanos.div_euclid(1_000_000)).ok())
}

/// `$now()` and `$millis()` on the executor's clock.
fn register_clock(evaluator: &mut Evaluator, millis: i64) -> Result<(), EvaluatorError> {
    let text = chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default();
    evaluator.register_fn_override("now", move |_: &[JValue]| Ok(JValue::from(text.as_str())))?;
    evaluator.register_fn_override("millis", move |_: &[JValue]| {
        Ok(JValue::from(millis as f64))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(text: &str, input: Value, variables: Value) -> Result<Value, Failure> {
        let expr = Jsonata::parse(text).unwrap();
        let variables = match variables {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let context = json!({"Execution": {"Name": "exec"}});
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 42,
        };
        evaluate_jsonata(&expr, "Output", &env, Outcome::default())
    }

    #[test]
    fn states_and_variables() {
        assert_eq!(
            run("{% $states.input.a + 1 %}", json!({"a": 1}), json!({})),
            Ok(json!(2))
        );
        assert_eq!(
            run(
                "{% $x & $states.context.Execution.Name %}",
                json!({}),
                json!({"x": "a-"})
            ),
            Ok(json!("a-exec"))
        );
    }

    #[test]
    fn only_named_variables_are_bound() {
        assert!(mentions_variable("$a.b + 1", "a"));
        assert!(mentions_variable("$f($a)", "a"));
        assert!(!mentions_variable("$ab + 1", "a"));
        assert!(!mentions_variable("$states.input", "a"));
        // A variable is still read when another one's name extends it.
        assert_eq!(
            run("{% $a & $ab %}", json!({}), json!({"a": "x", "ab": "y"})),
            Ok(json!("xy"))
        );
    }

    #[test]
    fn aws_functions() {
        // intrinsic_functions: test_array_partition (JSONata)
        assert_eq!(
            run(
                "{% $partition($states.input.fst, $states.input.snd) %}",
                json!({"fst": [0, 1, 2, 3], "snd": 3}),
                json!({})
            ),
            Ok(json!([[0, 1, 2], [3]]))
        );
        assert_eq!(
            run("{% $range(1, 9, 2) %}", json!({}), json!({})),
            Ok(json!([1, 3, 5, 7, 9]))
        );
        assert_eq!(
            run("{% $hash('input data', 'MD5') %}", json!({}), json!({})),
            Ok(json!("812f45842bc6d66ee14572ce20db8e86"))
        );
        assert_eq!(
            run("{% $parse('{\"a\": [1]}') %}", json!({}), json!({})),
            Ok(json!({"a": [1]}))
        );
        let uuid = run("{% $uuid() %}", json!({}), json!({})).unwrap();
        assert_eq!(uuid.as_str().map(str::len), Some(36));
        let r = run("{% $random() %}", json!({}), json!({})).unwrap();
        assert!(r.as_f64().is_some_and(|f| (0.0..1.0).contains(&f)));
    }

    #[test]
    fn clock_is_the_context_time() {
        let expr = Jsonata::parse("{% [$now(), $millis()] %}").unwrap();
        let variables = Map::new();
        let input = json!({});
        let context = json!({"State": {"EnteredTime": "2024-05-01T10:00:00.250Z"}});
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 0,
        };
        assert_eq!(
            evaluate_jsonata(&expr, "Output", &env, Outcome::default()),
            Ok(json!(["2024-05-01T10:00:00.250Z", 1_714_557_600_250i64]))
        );
    }

    #[test]
    fn endless_recursion_ends() {
        let failure = run(
            "{% ($f := function($x) { $f($x) }; $f(1)) %}",
            json!({}),
            json!({}),
        )
        .unwrap_err();
        assert_eq!(failure.error, "States.QueryEvaluationError");
    }

    #[test]
    fn failures() {
        // assign: test_assign_reference_variables (undefined variable in Output)
        let failure = run("{% $doesNotExist %}", json!({}), json!({})).unwrap_err();
        assert_eq!(failure.error, "States.QueryEvaluationError");
        assert_eq!(
            failure.cause,
            "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined)."
        );
        // intrinsic_functions: test_math_random_seeded (JSONata)
        let failure = run(
            "{% $randomSeeded($states.input.fst) %}",
            json!({"fst": "x"}),
            json!({}),
        )
        .unwrap_err();
        assert_eq!(
            failure.cause,
            "The JSONata expression '$randomSeeded($states.input.fst)' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function"
        );
        let threw = |text: &str| run(text, json!({}), json!({})).unwrap_err().cause;
        assert!(
            threw("{% 'a' + 1 %}")
                .ends_with("T2001: The left side of the \"+\" operator must evaluate to a number"),
        );
        assert!(
            threw("{% 1 * 'a' %}")
                .ends_with("T2002: The right side of the \"*\" operator must evaluate to a number"),
        );
        assert!(
            threw("{% $number('x') %}").ends_with("D3030: Unable to cast value to a number: \"x\""),
        );
        let failure = run("{% $eval('1 + 1') %}", json!({}), json!({})).unwrap_err();
        assert!(
            failure
                .cause
                .ends_with("T1006: Attempted to invoke a non-function")
        );
        // scenarios: Items returning a function
        let failure = run("{% $fn := function($x){$x} %}", json!({}), json!({})).unwrap_err();
        assert_eq!(
            failure.cause,
            "The JSONata expression '$fn := function($x){$x}' specified for the field 'Output' returned an unsupported result type."
        );
    }
}
