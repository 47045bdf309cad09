//! The intrinsic functions `States.*`, evaluated as AWS evaluates them.
//!
//! Behaviours taken from AWS's recorded runs (the conformance cases named in the tests):
//! `States.MathAdd` rounds each argument half up (Java's `Math.round`) before adding;
//! `States.StringSplit` splits on any one of the delimiter characters and drops empty parts;
//! `States.StringToJson` of a blank string is `null`; `States.Format` prints objects and arrays
//! as Java's `Map.toString` and `List.toString` do (`{a=1, b=[]}`).
//!
//! Failures are `States.IntrinsicFailure`. The recordings hold no failing intrinsic call, so
//! their cause texts are worded here, in AWS's style, rather than copied; the limits they
//! enforce (1,000 items from `ArrayRange`, 10,000 characters into `Base64Encode`,
//! `Base64Decode` and `Hash`, a shallow `JsonMerge` only) are the documented ones.

use super::{Env, Failure, errors, path, value};
use base64::Engine as _;
use serde_json::{Map, Value};
use std::borrow::Cow;
use workflow_core::expr::{Arg, Intrinsic};

/// The value of an intrinsic function call. `States.UUID` and `States.MathRandom` without a
/// seed draw from [`Env::seed`], so a run is repeatable.
pub fn evaluate_intrinsic(call: &Intrinsic, env: &Env<'_>) -> Result<Value, Failure> {
    let mut draws = Draws::new(env.seed);
    evaluate_with(call, env, &mut draws)
}

fn failure(cause: impl Into<String>) -> Failure {
    Failure::new(errors::INTRINSIC_FAILURE, cause)
}

/// A deterministic source of generated values (SplitMix64): each draw advances it.
#[derive(Debug, Clone)]
pub(crate) struct Draws {
    state: u64,
}

impl Draws {
    pub(crate) fn new(seed: u64) -> Draws {
        Draws { state: seed }
    }

    /// The draws for one field of a state: the seed mixed with the field's name, so that
    /// `Parameters` and `Assign` evaluated with the same seed still draw different values.
    pub(crate) fn for_field(seed: u64, field: &str) -> Draws {
        // FNV-1a over the name.
        let salt = field.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Draws::new(seed ^ salt)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub(crate) fn fraction(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A version 4 UUID in its lowercase hyphenated form.
    pub(crate) fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_be_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex = super::digest::hex(&bytes);
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

pub(crate) fn evaluate_with(
    call: &Intrinsic,
    env: &Env<'_>,
    draws: &mut Draws,
) -> Result<Value, Failure> {
    let name = call.name.as_str();
    let short = name.strip_prefix("States.").unwrap_or(name);
    if short == "Format" {
        return format_call(call, env, draws);
    }
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        args.push(argument(arg, env, draws)?.into_owned());
    }
    let arity = |min: usize, max: usize| -> Result<(), Failure> {
        if args.len() < min || args.len() > max {
            let expected = if min == max {
                min.to_string()
            } else {
                format!("{min} to {max}")
            };
            return Err(failure(format!(
                "The intrinsic function {name} expects {expected} argument(s) but received {}",
                args.len()
            )));
        }
        Ok(())
    };
    match short {
        "StringToJson" => {
            arity(1, 1)?;
            let Value::String(text) = &args[0] else {
                return Err(type_failure(name, "a string", &args[0]));
            };
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            serde_json::from_str::<Value>(text)
                .map(normalize_numbers)
                .map_err(|_| {
                    failure(format!(
                        "The intrinsic function {name} could not parse the string '{text}' as JSON"
                    ))
                })
        }
        "JsonToString" => {
            arity(1, 1)?;
            Ok(Value::String(value::compact(&args[0])))
        }
        "Array" => Ok(Value::Array(args)),
        "ArrayPartition" => {
            arity(2, 2)?;
            let Value::Array(items) = &args[0] else {
                return Err(type_failure(name, "an array", &args[0]));
            };
            let Some(size) = args[1].as_f64() else {
                return Err(type_failure(name, "a number", &args[1]));
            };
            partition(items.clone(), size, name).map(Value::Array)
        }
        "ArrayContains" => {
            arity(2, 2)?;
            let Value::Array(items) = &args[0] else {
                return Err(type_failure(name, "an array", &args[0]));
            };
            Ok(Value::Bool(
                items.iter().any(|item| value::json_eq(item, &args[1])),
            ))
        }
        "ArrayRange" => {
            arity(3, 3)?;
            range(&args, name).map(Value::Array)
        }
        "ArrayGetItem" => {
            arity(2, 2)?;
            let Value::Array(items) = &args[0] else {
                return Err(type_failure(name, "an array", &args[0]));
            };
            let Some(index) = integer(&args[1]) else {
                return Err(type_failure(name, "an integer index", &args[1]));
            };
            usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| {
                    failure(format!(
                        "The index {index} is out of bounds for the array of length {} in {name}",
                        items.len()
                    ))
                })
        }
        "ArrayLength" => {
            arity(1, 1)?;
            let Value::Array(items) = &args[0] else {
                return Err(type_failure(name, "an array", &args[0]));
            };
            Ok(Value::from(items.len()))
        }
        "ArrayUnique" => {
            arity(1, 1)?;
            let Value::Array(items) = &args[0] else {
                return Err(type_failure(name, "an array", &args[0]));
            };
            let mut unique: Vec<Value> = Vec::new();
            for item in items {
                if !unique.iter().any(|u| value::json_eq(u, item)) {
                    unique.push(item.clone());
                }
            }
            Ok(Value::Array(unique))
        }
        "Base64Encode" => {
            arity(1, 1)?;
            let Value::String(text) = &args[0] else {
                return Err(type_failure(name, "a string", &args[0]));
            };
            check_length(name, text)?;
            Ok(Value::String(
                base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
            ))
        }
        "Base64Decode" => {
            arity(1, 1)?;
            let Value::String(text) = &args[0] else {
                return Err(type_failure(name, "a string", &args[0]));
            };
            check_length(name, text)?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|_| {
                    failure(format!(
                        "The intrinsic function {name} could not decode the string '{text}'"
                    ))
                })?;
            Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        }
        "Hash" => {
            arity(2, 2)?;
            let data = match &args[0] {
                Value::String(s) => s.clone(),
                Value::Null => {
                    return Err(failure(format!(
                        "The intrinsic function {name} requires data to hash, but the data was null"
                    )));
                }
                other => value::compact(other),
            };
            let Value::String(algorithm) = &args[1] else {
                return Err(type_failure(name, "an algorithm name", &args[1]));
            };
            check_length(name, &data)?;
            hash(&data, algorithm).map(Value::String)
        }
        "JsonMerge" => {
            arity(3, 3)?;
            let (Value::Object(left), Value::Object(right)) = (&args[0], &args[1]) else {
                return Err(failure(format!(
                    "The intrinsic function {name} requires two JSON objects to merge"
                )));
            };
            match &args[2] {
                Value::Bool(false) => {}
                Value::Bool(true) => {
                    return Err(failure(format!(
                        "The intrinsic function {name} supports only a shallow merge: its third argument must be false"
                    )));
                }
                other => return Err(type_failure(name, "a boolean", other)),
            }
            let mut merged: Map<String, Value> = left.clone();
            for (k, v) in right {
                merged.insert(k.clone(), v.clone());
            }
            Ok(Value::Object(merged))
        }
        "MathRandom" => {
            arity(2, 3)?;
            let (Some(start), Some(end)) = (integer_like(&args[0]), integer_like(&args[1])) else {
                return Err(failure(format!(
                    "The intrinsic function {name} requires numbers for its start and end"
                )));
            };
            if start >= end {
                return Err(failure(format!(
                    "The intrinsic function {name} requires a start less than its end, but got {start} and {end}"
                )));
            }
            let fraction = match args.get(2) {
                Some(seed) => match integer_like(seed) {
                    Some(seed) => Draws::new(seed as u64).fraction(),
                    None => return Err(type_failure(name, "a number for the seed", seed)),
                },
                None => draws.fraction(),
            };
            let span = (i128::from(end) - i128::from(start)) as f64;
            Ok(Value::from(
                (i128::from(start) + (fraction * span) as i128) as i64,
            ))
        }
        "MathAdd" => {
            arity(2, 2)?;
            let (Some(a), Some(b)) = (args[0].as_f64(), args[1].as_f64()) else {
                let bad = if args[0].is_number() {
                    &args[1]
                } else {
                    &args[0]
                };
                return Err(type_failure(name, "a number", bad));
            };
            java_round(a)
                .checked_add(java_round(b))
                .map(Value::from)
                .ok_or_else(|| failure(format!("The sum in {name} is out of range")))
        }
        "StringSplit" => {
            arity(2, 2)?;
            let (Value::String(text), Value::String(delimiters)) = (&args[0], &args[1]) else {
                let bad = if args[0].is_string() {
                    &args[1]
                } else {
                    &args[0]
                };
                return Err(type_failure(name, "a string", bad));
            };
            let parts = text
                .split(|c| delimiters.contains(c))
                .filter(|part| !part.is_empty())
                .map(|part| Value::String(part.to_string()))
                .collect();
            Ok(Value::Array(parts))
        }
        "UUID" => {
            arity(0, 0)?;
            Ok(Value::String(draws.uuid()))
        }
        _ => Err(failure(format!(
            "The intrinsic function {name} is not supported"
        ))),
    }
}

fn type_failure(name: &str, expected: &str, got: &Value) -> Failure {
    failure(format!(
        "The intrinsic function {name} expects {expected}, but received the {} {}",
        value::type_name(got),
        value::compact(got)
    ))
}

/// AWS's limit on the strings `States.Base64Encode`, `Base64Decode` and `Hash` take.
const MAX_INPUT_CHARS: usize = 10_000;

fn check_length(name: &str, text: &str) -> Result<(), Failure> {
    if text.chars().count() > MAX_INPUT_CHARS {
        return Err(failure(format!(
            "The input string for {name} is longer than the maximum of {MAX_INPUT_CHARS} characters"
        )));
    }
    Ok(())
}

/// The value as an integer, when it is a whole number.
fn integer(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
}

/// The value as an integer, fractions dropped.
fn integer_like(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
}

/// Java's `Math.round`: halves round up, towards positive infinity.
fn java_round(f: f64) -> i64 {
    (f + 0.5).floor() as i64
}

/// Numbers read from text, whole ones as integers (`-0` is `0`, as AWS prints it).
fn normalize_numbers(v: Value) -> Value {
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
            Some(0.0) => Value::from(0),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalize_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, normalize_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// `States.ArrayPartition` and `$partition` (`function` names the caller in failures): chunks
/// of `size` items, the last one shorter.
pub(crate) fn partition(
    items: Vec<Value>,
    size: f64,
    function: &str,
) -> Result<Vec<Value>, Failure> {
    if size.fract() != 0.0 || size < 1.0 {
        return Err(failure(format!(
            "The chunk size for {function} must be a positive integer, but was {}",
            value::compact(&value::number(size))
        )));
    }
    Ok(items
        .chunks(size as usize)
        .map(|chunk| Value::Array(chunk.to_vec()))
        .collect())
}

/// AWS's limit on the length of the array `States.ArrayRange` builds.
const MAX_RANGE_ITEMS: usize = 1000;

/// `States.ArrayRange` and `$range` (`function` names the caller in failures): `start`,
/// `start + step`, … up to `end` inclusive.
pub(crate) fn range(args: &[Value], function: &str) -> Result<Vec<Value>, Failure> {
    let numbers: Option<Vec<i64>> = args.iter().map(integer).collect();
    let Some(numbers) = numbers.filter(|n| n.len() == 3) else {
        return Err(failure(format!(
            "{function} requires three integers: start, end and step"
        )));
    };
    let (start, end, step) = (numbers[0], numbers[1], numbers[2]);
    if step == 0 {
        return Err(failure(format!("The step of {function} must not be 0")));
    }
    let mut out = Vec::new();
    let mut k = start;
    while (step > 0 && k <= end) || (step < 0 && k >= end) {
        if out.len() == MAX_RANGE_ITEMS {
            return Err(failure(format!(
                "The array {function} builds would have more than {MAX_RANGE_ITEMS} items"
            )));
        }
        out.push(Value::from(k));
        let Some(next) = k.checked_add(step) else {
            break;
        };
        k = next;
    }
    Ok(out)
}

/// `States.Hash` and `$hash`: the hexadecimal digest of the UTF-8 text.
pub(crate) fn hash(data: &str, algorithm: &str) -> Result<String, Failure> {
    use sha2::Digest as _;
    let bytes = data.as_bytes();
    let digest = match algorithm {
        "MD5" => super::digest::md5(bytes).to_vec(),
        "SHA-1" => super::digest::sha1(bytes).to_vec(),
        "SHA-256" => sha2::Sha256::digest(bytes).to_vec(),
        "SHA-384" => sha2::Sha384::digest(bytes).to_vec(),
        "SHA-512" => sha2::Sha512::digest(bytes).to_vec(),
        other => {
            return Err(failure(format!(
                "The hash algorithm '{other}' is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"
            )));
        }
    };
    Ok(super::digest::hex(&digest))
}

/// The characters of a `States.Format` template literal as written, each marked when it was
/// escaped with a backslash (an escaped `\{}` is text, not a placeholder).
fn raw_format_chars(call_text: &str) -> impl Iterator<Item = (char, bool)> + '_ {
    let open = call_text.find('\'');
    let mut chars = call_text[open.map_or(call_text.len(), |at| at + 1)..].chars();
    let mut closed = open.is_none();
    std::iter::from_fn(move || {
        if closed {
            return None;
        }
        match chars.next()? {
            '\\' => chars.next().map(|escaped| (escaped, true)),
            '\'' => {
                closed = true;
                None
            }
            c => Some((c, false)),
        }
    })
}

/// The value of one argument; a path's value is borrowed where it stands as it is.
fn argument<'e>(arg: &Arg, env: &Env<'e>, draws: &mut Draws) -> Result<Cow<'e, Value>, Failure> {
    Ok(match arg {
        Arg::String(s) => Cow::Owned(Value::String(s.clone())),
        Arg::Number(n) => Cow::Owned(value::lexical_number(n)),
        Arg::Bool(b) => Cow::Owned(Value::Bool(*b)),
        Arg::Null => Cow::Owned(Value::Null),
        Arg::Path(p) => match path::query_plain(p, env) {
            Some(found) => Cow::Borrowed(found),
            None => Cow::Owned(path::query(p, env).map_err(|miss| miss.into_failure(p))?),
        },
        Arg::Call(inner) => Cow::Owned(evaluate_with(inner, env, draws)?),
    })
}

/// `States.Format`: its arguments are only read, so the ones that are paths are not copied, and
/// a literal template is read from the call's text (with its escapes) rather than copied.
fn format_call(call: &Intrinsic, env: &Env<'_>, draws: &mut Draws) -> Result<Value, Failure> {
    // A template and up to three values, the usual call, are held without allocating.
    let mut inline: [Cow<'_, Value>; 4] = Default::default();
    let mut spilled = Vec::new();
    let count = call.args.len();
    for (i, arg) in call.args.iter().enumerate() {
        let value = match arg {
            Arg::String(_) if i == 0 => Cow::Owned(Value::Null),
            other => argument(other, env, draws)?,
        };
        match inline.get_mut(i) {
            Some(slot) if count <= 4 => *slot = value,
            _ => spilled.push(value),
        }
    }
    let args: &[Cow<'_, Value>] = if count <= 4 {
        &inline[..count]
    } else {
        &spilled
    };
    if args.is_empty() {
        return Err(failure(
            "The intrinsic function States.Format expects at least 1 argument",
        ));
    }
    match (&call.args[0], &*args[0]) {
        (Arg::String(_), _) => match plain_template(call.as_str()) {
            Some(template) => format_plain(template, &args[1..]),
            None => format(raw_format_chars(call.as_str()), &args[1..]),
        },
        // A template read from a path has no escapes: its text is the template.
        (_, Value::String(s)) => format_plain(s, &args[1..]),
        (_, other) => Err(failure(format!(
            "The first argument of States.Format must be a string, but was {}",
            value::type_name(other)
        ))),
    }
}

/// The template literal of a `States.Format` call as written, when it has no escapes (most
/// have none): its text is then the template. A byte loop: the literal is short, and a string
/// search costs more to set up than to run on it.
fn plain_template(call_text: &str) -> Option<&str> {
    let bytes = call_text.as_bytes();
    let open = bytes.iter().position(|&b| b == b'\'')?;
    for (at, &b) in bytes.iter().enumerate().skip(open + 1) {
        match b {
            b'\\' => return None,
            b'\'' => return call_text.get(open + 1..at),
            _ => {}
        }
    }
    None
}

/// [`format`] for a template without escapes, in which every `{}` is a placeholder: the text
/// between placeholders is copied a piece at a time.
fn format_plain(template: &str, args: &[Cow<'_, Value>]) -> Result<Value, Failure> {
    let bytes = template.as_bytes();
    let mut out = String::with_capacity(template.len() + 32);
    let mut args_left = args.iter();
    let (mut at, mut copied) = (0, 0);
    while at + 1 < bytes.len() {
        if bytes[at] == b'{' && bytes[at + 1] == b'}' {
            out.push_str(&template[copied..at]);
            let arg = args_left
                .next()
                .ok_or_else(fewer_arguments_than_placeholders)?;
            push_format_value(&mut out, arg);
            at += 2;
            copied = at;
        } else {
            at += 1;
        }
    }
    out.push_str(&template[copied..]);
    if args_left.next().is_some() {
        return Err(more_arguments_than_placeholders());
    }
    Ok(Value::String(out))
}

fn fewer_arguments_than_placeholders() -> Failure {
    failure(
        "The number of arguments to States.Format is less than the number of placeholders {} in its template",
    )
}

fn more_arguments_than_placeholders() -> Failure {
    failure(
        "The number of arguments to States.Format is more than the number of placeholders {} in its template",
    )
}

/// A placeholder's value, as [`format_value`] prints it.
fn push_format_value(out: &mut String, arg: &Value) {
    match arg {
        Value::String(s) => out.push_str(s),
        other => out.push_str(&format_value(other)),
    }
}

/// Fills the template's placeholders: `template` gives each character, marked when it was
/// escaped.
fn format(
    template: impl Iterator<Item = (char, bool)>,
    args: &[Cow<'_, Value>],
) -> Result<Value, Failure> {
    let mut template = template.peekable();
    let mut out = String::with_capacity(64);
    let mut next = 0;
    while let Some((c, escaped)) = template.next() {
        if c == '{' && !escaped && template.peek() == Some(&('}', false)) {
            template.next();
            let Some(arg) = args.get(next) else {
                return Err(fewer_arguments_than_placeholders());
            };
            push_format_value(&mut out, arg);
            next += 1;
            continue;
        }
        out.push(c);
    }
    if next < args.len() {
        return Err(more_arguments_than_placeholders());
    }
    Ok(Value::String(out))
}

/// A value as `States.Format` prints it: strings bare, objects and arrays as Java collections.
fn format_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(format_value).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}={}", format_value(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => value::compact(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(text: &str, input: Value) -> Result<Value, Failure> {
        let call = Intrinsic::parse(text).unwrap();
        let variables = Map::new();
        let context = json!({
            "Execution": {"Name": "exec", "Input": input.clone()},
            "StateMachine": {"Id": "arn:sm", "Name": "sm"}
        });
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 1,
        };
        evaluate_intrinsic(&call, &env)
    }

    #[test]
    fn a_template_without_escapes_fills_as_one_with_them() {
        let args = [Cow::Owned(json!("x")), Cow::Owned(json!([1, "y"]))];
        for template in [
            "a {} b {}",
            "{{}{}",
            "{}}{}}",
            "{} {",
            "{}{}",
            "",
            "none",
            "{}",
            "{} {} {}",
            "é{}ü{}",
        ] {
            assert_eq!(
                format_plain(template, &args),
                super::format(template.chars().map(|c| (c, false)), &args),
                "{template}"
            );
        }
        assert_eq!(
            call(r"States.Format('a\{} {}', $.v)", json!({"v": 1})),
            Ok(json!("a{} 1"))
        );
        assert_eq!(plain_template(r"States.Format('a\{}')"), None);
        assert_eq!(plain_template("States.Format('a {}', $.b)"), Some("a {}"));
        assert_eq!(plain_template("States.Format($.t, 'x')"), Some("x"));
        assert_eq!(plain_template("States.Format('open"), None);
    }

    fn two(text: &str, fst: Value, snd: Value) -> Result<Value, Failure> {
        call(
            text,
            json!({"FunctionInput": {"fst": fst, "snd": snd, "trd": null}}),
        )
    }

    #[test]
    fn arrays() {
        // intrinsic_functions: test_array_0, test_array_2
        assert_eq!(call("States.Array()", json!({})), Ok(json!([])));
        assert_eq!(
            two(
                "States.Array($.FunctionInput.fst, $.FunctionInput.snd)",
                json!(1.1),
                json!(null)
            ),
            Ok(json!([1.1, null]))
        );
        // test_array_contains
        let contains = "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)";
        assert_eq!(two(contains, json!([]), json!(null)), Ok(json!(false)));
        assert_eq!(
            two(contains, json!([[1, 2, 3], 2]), json!([1, 2, 3])),
            Ok(json!(true))
        );
        assert_eq!(
            two(
                contains,
                json!([{"1": 2, "2": []}]),
                json!({"1": 2, "2": []})
            ),
            Ok(json!(true))
        );
        // test_array_partition
        let partition = "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)";
        assert_eq!(two(partition, json!([]), json!(1)), Ok(json!([])));
        assert_eq!(
            two(partition, json!([0, 1, 2, 3]), json!(3)),
            Ok(json!([[0, 1, 2], [3]]))
        );
        // test_array_range
        let input = json!({"FunctionInput": {"fst": 0, "snd": 10, "trd": 3}});
        assert_eq!(
            call(
                "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)",
                input
            ),
            Ok(json!([0, 3, 6, 9]))
        );
        assert_eq!(
            call("States.ArrayRange(1, 9, 9)", json!({})),
            Ok(json!([1]))
        );
        // test_array_length
        assert_eq!(
            call("States.ArrayLength($)", json!([1, 2, 3])),
            Ok(json!(3))
        );
        assert_eq!(
            call(
                "States.ArrayUnique($)",
                json!([1, 1.0, "a", "a", {"x": 1}, {"x": 1}])
            ),
            Ok(json!([1, "a", {"x": 1}]))
        );
        assert_eq!(
            call("States.ArrayGetItem($, 1)", json!([5, 6])),
            Ok(json!(6))
        );
        assert!(call("States.ArrayGetItem($, 2)", json!([5, 6])).is_err());
    }

    #[test]
    fn strings_and_json() {
        // intrinsic_functions: test_base_64_encode, test_base_64_decode
        assert_eq!(
            call("States.Base64Encode('Data to encode')", json!({})),
            Ok(json!("RGF0YSB0byBlbmNvZGU="))
        );
        assert_eq!(
            call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", json!({})),
            Ok(json!("Data to encode"))
        );
        // test_string_to_json
        for (text, expected) in [
            ("", json!(null)),
            (" ", json!(null)),
            ("null", json!(null)),
            ("-0", json!(0)),
            ("1.1", json!(1.1)),
            ("[1, 2, \"HelloWorld\"]", json!([1, 2, "HelloWorld"])),
        ] {
            assert_eq!(
                call("States.StringToJson($)", json!(text)),
                Ok(expected),
                "{text}"
            );
        }
        assert_eq!(
            call("States.JsonToString($)", json!({"a": [1, "x"]})),
            Ok(json!("{\"a\":[1,\"x\"]}"))
        );
        // test_string_split, test_escape_sequence
        let split = "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)";
        assert_eq!(
            two(split, json!(", , ,"), json!(",")),
            Ok(json!([" ", " "]))
        );
        assert_eq!(two(split, json!(",,,,"), json!(",")), Ok(json!([])));
        assert_eq!(
            two(split, json!("This.is+a,test=string"), json!(".+,=")),
            Ok(json!(["This", "is", "a", "test", "string"]))
        );
        assert_eq!(
            call("States.StringSplit('Hello\nWorld', '\n')", json!({})),
            Ok(json!(["Hello", "World"]))
        );
        // test_json_merge_escaped_argument
        assert_eq!(
            call(
                "States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)",
                json!({"input_field": {"constant_input_field": "constant_value"}})
            ),
            Ok(json!({"constant_input_field": "constant_value", "constant_in_literal": "false"}))
        );
    }

    #[test]
    fn format() {
        // intrinsic_functions: test_format_2, test_context_json_path
        let format = "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)";
        assert_eq!(
            two(format, json!(null), json!(1.1)),
            Ok(json!("Formatting arguments fst=null and snd=1.1."))
        );
        assert_eq!(
            two(format, json!({"Arg1": 1, "Arg2": []}), json!(1)),
            Ok(json!(
                "Formatting arguments fst={Arg1=1, Arg2=[]} and snd=1."
            ))
        );
        assert_eq!(
            call("States.Format('x={}.', $$.StateMachine)", json!({})),
            Ok(json!("x={Id=arn:sm, Name=sm}."))
        );
        assert_eq!(
            call("States.Format('\\{} {}', 'a')", json!({})),
            Ok(json!("{} a"))
        );
        assert!(call("States.Format('{} {}', 'a')", json!({})).is_err());
    }

    #[test]
    fn math_and_hash() {
        // intrinsic_functions: test_math_add
        let add = "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)";
        for (a, b, sum) in [
            (json!(-9), json!(3), -6),
            (json!(1.49), json!(1.5), 3),
            (json!(1.5), json!(1.51), 4),
            (json!(-1.49), json!(-1.5), -2),
            (json!(-1.5), json!(-1.51), -3),
            (json!(-0.5), json!(0.5), 1),
            (json!(-2.5), json!(0), -2),
            (json!(2.5), json!(0), 3),
        ] {
            assert_eq!(two(add, a.clone(), b.clone()), Ok(json!(sum)), "{a} + {b}");
        }
        // test_math_random, test_math_random_seeded
        let random = two(
            "States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)",
            json!(-99999),
            json!(-9999),
        )
        .unwrap();
        assert!(
            random
                .as_i64()
                .is_some_and(|r| (-99999..-9999).contains(&r))
        );
        let seeded = "States.MathRandom(0, 999, 3)";
        assert_eq!(call(seeded, json!({})), call(seeded, json!({"other": 1})));
        // test_hash
        for (algorithm, digest) in [
            ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
            ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
            (
                "SHA-256",
                "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
            ),
            (
                "SHA-384",
                "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
            ),
            (
                "SHA-512",
                "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
            ),
        ] {
            assert_eq!(
                two(
                    "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)",
                    json!("input data"),
                    json!(algorithm)
                ),
                Ok(json!(digest)),
                "{algorithm}"
            );
        }
        // test_uuid
        let uuid = call("States.UUID()", json!({})).unwrap();
        assert_eq!(uuid.as_str().map(str::len), Some(36));
        assert_eq!(uuid.as_str().map(|u| &u[14..15]), Some("4"));
    }
}
