//! Fields that read one value of a given type through a path (`SecondsPath`, `TimestampPath`,
//! `MaxConcurrencyPath`, `ToleratedFailureCountPath`, …) or a JSONata expression (`Items`,
//! `Timestamp`, `Seconds`, …), failing with the cause texts AWS writes for each (recorded in
//! base test_wait and the scenarios' Wait and Map cases).

use super::{Env, Failure, Outcome, errors, jsonata, path, timestamp, value};
use serde_json::Value;
use workflow_core::expr::{Jsonata, Path};

/// Wait `SecondsPath`: a whole, non-negative number of seconds.
pub fn read_seconds_path(path: &Path, env: &Env<'_>) -> Result<u64, Failure> {
    let p = path.as_str();
    let value = path::query(path, env).map_err(|_| {
        Failure::runtime(format!(
            "The SecondsPath parameter does not reference an input value: {p}"
        ))
    })?;
    let shown = shown(&value);
    let Some(seconds) = whole_number(&value) else {
        return Err(Failure::runtime(format!(
            "The SecondsPath parameter cannot be parsed as a long value: {p} == {shown}"
        )));
    };
    u64::try_from(seconds).map_err(|_| {
        Failure::runtime(format!(
            "The SecondsPath parameter references a negative value: {p} == {shown}"
        ))
    })
}

/// Wait `TimestampPath`: the instant (nanoseconds since the epoch) and the text it was read
/// from.
pub fn read_timestamp_path(path: &Path, env: &Env<'_>) -> Result<(i128, String), Failure> {
    let p = path.as_str();
    let value = path::query(path, env).map_err(|_| {
        Failure::runtime(format!(
            "The TimestampPath parameter does not reference an input value: {p}"
        ))
    })?;
    match &value {
        Value::String(text) => timestamp::parse_timestamp(text)
            .map(|at| (at, text.clone()))
            .ok_or_else(|| invalid_timestamp_path(p, text)),
        other => Err(invalid_timestamp_path(p, &shown(other))),
    }
}

fn invalid_timestamp_path(p: &str, shown: &str) -> Failure {
    Failure::runtime(format!(
        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {p} == {shown}"
    ))
}

/// A whole number read through a `…Path` field such as `MaxConcurrencyPath`,
/// `ToleratedFailureCountPath`, `TimeoutSecondsPath`; `field` is the field's name.
pub fn read_integer_path(field: &str, path: &Path, env: &Env<'_>) -> Result<i64, Failure> {
    let p = path.as_str();
    let value = path::query(path, env).map_err(|miss| miss.into_failure(path))?;
    whole_number(&value).ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field refers to value \"{}\" which is not a valid integer: {p}",
            shown(&value)
        ))
    })
}

/// Map `ToleratedFailureCountPath`: a whole, non-negative number.
pub fn read_tolerated_failure_count_path(path: &Path, env: &Env<'_>) -> Result<u64, Failure> {
    let count = read_integer_path("ToleratedFailureCountPath", path, env)?;
    u64::try_from(count).map_err(|_| Failure::runtime("ToleratedFailureCount cannot be negative."))
}

/// A number read through a `…Path` field such as `ToleratedFailurePercentagePath`.
pub fn read_number_path(field: &str, path: &Path, env: &Env<'_>) -> Result<f64, Failure> {
    let p = path.as_str();
    let value = path::query(path, env).map_err(|miss| miss.into_failure(path))?;
    // A string holding a number is taken, as for the integer fields (recorded: assign
    // test_reference_in_map_state[MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH] reads "1").
    let number = match &value {
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        other => other.as_f64(),
    };
    number.ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field refers to value \"{}\" which is not a valid number: {p}",
            shown(&value)
        ))
    })
}

/// The JSON types a JSONata field can require, named as AWS names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Array,
    Object,
    String,
    Number,
    Boolean,
}

impl JsonType {
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
        }
    }

    fn holds(self, v: &Value) -> bool {
        value::type_name(v) == self.as_str()
    }
}

/// A JSONata expression whose value must have one type (`Items` an array, `Timestamp` a
/// string, …): `… returned an unexpected result type. Expected 'array', but was 'string' for
/// value: "string"`.
pub fn evaluate_jsonata_as(
    expr: &Jsonata,
    field: &str,
    expected: JsonType,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Value, Failure> {
    let value = jsonata::evaluate_jsonata(expr, field, env, outcome)?;
    if expected.holds(&value) {
        return Ok(value);
    }
    Err(Failure::new(
        errors::QUERY_EVALUATION_ERROR,
        format!(
            "The JSONata expression '{}' specified for the field '{field}' returned an unexpected result type. Expected '{}', but was '{}' for value: {}",
            expr.body().trim(),
            expected.as_str(),
            value::type_name(&value),
            value::compact(&value)
        ),
    ))
}

/// A Wait `Timestamp` given as a JSONata expression: the instant and its text.
pub fn evaluate_jsonata_timestamp(
    expr: &Jsonata,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<(i128, String), Failure> {
    let value = evaluate_jsonata_as(expr, "Timestamp", JsonType::String, env, outcome)?;
    let text = value.as_str().unwrap_or_default().to_string();
    match timestamp::parse_timestamp(&text) {
        Some(at) => Ok((at, text)),
        None => Err(Failure::new(
            errors::QUERY_EVALUATION_ERROR,
            format!(
                "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
            ),
        )),
    }
}

/// The failure when a Map state's items are not an array (JSONata mode without `Items`,
/// recorded as `States.QueryEvaluationError`).
pub fn map_input_not_array(items: &Value) -> Failure {
    Failure::new(
        errors::QUERY_EVALUATION_ERROR,
        format!(
            "Map state input must be an array but was: {}",
            value::compact(items)
        ),
    )
}

/// A value as AWS shows it after `==` in these causes: strings bare, the rest as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => value::compact(other),
    }
}

/// The value as a whole number: an integer, or a string holding one.
fn whole_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, json};

    fn with_env<T>(input: Value, f: impl FnOnce(&Env<'_>) -> T) -> T {
        let variables = Map::new();
        let context = json!({});
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 0,
        };
        f(&env)
    }

    fn cause<T: std::fmt::Debug>(r: Result<T, Failure>) -> String {
        r.unwrap_err().cause
    }

    #[test]
    fn seconds_path() {
        // base: test_base_wait (SecondsPath cases), logs: test_base[wait_…]
        let p = Path::parse("$.input.waitSeconds").unwrap();
        with_env(json!({"input": {"waitSeconds": 3}}), |env| {
            assert_eq!(read_seconds_path(&p, env), Ok(3));
        });
        with_env(json!({"input": {}}), |env| {
            assert_eq!(
                cause(read_seconds_path(&p, env)),
                "The SecondsPath parameter does not reference an input value: $.input.waitSeconds"
            );
        });
        with_env(json!({"input": {"waitSeconds": 1.5}}), |env| {
            assert_eq!(
                cause(read_seconds_path(&p, env)),
                "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5"
            );
        });
        with_env(json!({"input": {"waitSeconds": -1}}), |env| {
            assert_eq!(
                cause(read_seconds_path(&p, env)),
                "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1"
            );
        });
    }

    #[test]
    fn timestamp_path() {
        // scenarios: WaitUntil with TimestampPath
        let p = Path::parse("$.TimestampValue").unwrap();
        with_env(json!({"TimestampValue": "2016-12-05 21:29:29Z"}), |env| {
            assert_eq!(
                cause(read_timestamp_path(&p, env)),
                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05 21:29:29Z"
            );
        });
        with_env(json!({"TimestampValue": "2016-12-05T21:29:29Z"}), |env| {
            assert!(read_timestamp_path(&p, env).is_ok());
        });
    }

    #[test]
    fn integer_paths() {
        // scenarios: MapState with MaxConcurrencyPath and ToleratedFailureCountPath
        let p = Path::parse("$.MaxConcurrencyValue").unwrap();
        with_env(json!({"MaxConcurrencyValue": "NoNumber"}), |env| {
            assert_eq!(
                cause(read_integer_path("MaxConcurrencyPath", &p, env)),
                "The MaxConcurrencyPath field refers to value \"NoNumber\" which is not a valid integer: $.MaxConcurrencyValue"
            );
        });
        with_env(json!({"MaxConcurrencyValue": {}}), |env| {
            assert_eq!(
                cause(read_integer_path("MaxConcurrencyPath", &p, env)),
                "The MaxConcurrencyPath field refers to value \"{}\" which is not a valid integer: $.MaxConcurrencyValue"
            );
        });
        with_env(json!({"MaxConcurrencyValue": 2}), |env| {
            assert_eq!(read_integer_path("MaxConcurrencyPath", &p, env), Ok(2));
        });
        // assign: test_reference_in_map_state[MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH]
        let percentage = Path::parse("$.p").unwrap();
        with_env(json!({"p": "1"}), |env| {
            assert_eq!(
                read_number_path("ToleratedFailurePercentagePath", &percentage, env),
                Ok(1.0)
            );
        });
        // scenarios: test_map_state_tolerated_failure_count_path[-1]
        let count = Path::parse("$.ToleratedFailureCount").unwrap();
        with_env(json!({"ToleratedFailureCount": -1}), |env| {
            assert_eq!(
                cause(read_tolerated_failure_count_path(&count, env)),
                "ToleratedFailureCount cannot be negative."
            );
        });
    }

    #[test]
    fn typed_jsonata() {
        // scenarios: MapIterateState with Items as an expression
        let items = Jsonata::parse("{% {'foo': 'bar'} %}").unwrap();
        with_env(json!({}), |env| {
            let failure =
                evaluate_jsonata_as(&items, "Items", JsonType::Array, env, Outcome::default())
                    .unwrap_err();
            assert_eq!(failure.error, "States.QueryEvaluationError");
            assert_eq!(
                failure.cause,
                "The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"
            );
        });
        let string = Jsonata::parse("{% 'string' %}").unwrap();
        with_env(json!({}), |env| {
            assert_eq!(
                cause(evaluate_jsonata_as(
                    &string,
                    "Items",
                    JsonType::Array,
                    env,
                    Outcome::default()
                )),
                "The JSONata expression ''string'' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"string\""
            );
        });
        // scenarios: WaitState with Timestamp as an expression
        let ts = Jsonata::parse("{% $states.input.t %}").unwrap();
        with_env(json!({"t": "2016-12-05T21:29:29"}), |env| {
            assert_eq!(
                cause(evaluate_jsonata_timestamp(&ts, env, Outcome::default())),
                "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05T21:29:29"
            );
        });
        assert_eq!(
            map_input_not_array(&json!("string")).cause,
            "Map state input must be an array but was: \"string\""
        );
    }
}
