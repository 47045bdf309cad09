//! Helpers on JSON values shared by the evaluators.

use serde_json::{Number, Value};

/// The value as compact JSON text, as AWS writes values into cause texts.
pub(crate) fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A number as written in the definition (`1`, `1.0`, `2e3`) as a JSON value, keeping its form:
/// `1.0` stays a float, as AWS keeps it.
pub(crate) fn lexical_number(text: &str) -> Value {
    // Most numbers in definitions are plain integers, read without the JSON parser.
    if let Ok(n) = text.parse::<i64>()
        && !text.starts_with('+')
    {
        return Value::from(n);
    }
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// JSON equality with numbers compared by value (`1` equals `1.0`) and objects compared as
/// unordered maps.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// A JSON number for `f`: an integer when `f` is a whole number that fits, so it prints as `1`
/// rather than `1.0` (AWS prints whole numbers without a fraction); `null` when not finite.
pub(crate) fn number(f: f64) -> Value {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        Value::Number(Number::from(f as i64))
    } else {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// The JSON type name AWS uses in messages: `string`, `number`, `boolean`, `null`, `array`,
/// `object`.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
