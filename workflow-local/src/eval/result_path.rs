//! `ResultPath`: where a state's result goes in its input.

use super::path::position;
use super::{Failure, errors, value};
use serde_json::{Map, Value};
use std::borrow::Cow;
use workflow_core::expr::{Path, PathRoot, Segment};
use workflow_core::model::NullablePath;

/// The input with `result` put at `result_path`: `None` (no ResultPath) or `$` gives the result,
/// `null` keeps the input and discards the result, `$.a.b` sets the field, creating the
/// intermediate objects. Fails with `States.ResultPathMatchFailure` when a step of the path
/// meets a value that is not an object (or, for an index, not an array holding that index).
pub fn apply_result_path(
    result_path: Option<&NullablePath>,
    input: &Value,
    result: Value,
) -> Result<Value, Failure> {
    match result_path {
        None => Ok(result),
        Some(NullablePath::Null) => Ok(input.clone()),
        Some(NullablePath::Path(path)) => put_result(path, Cow::Borrowed(input), result),
    }
}

/// The input with `result` put at the reference path `path` (a `ResultPath` other than `null`);
/// an owned input is written into, a borrowed one copied first.
pub(crate) fn put_result(
    path: &Path,
    input: Cow<'_, Value>,
    result: Value,
) -> Result<Value, Failure> {
    if path.root != PathRoot::Input {
        return Err(Failure::new(
            errors::RESULT_PATH_MATCH_FAILURE,
            format!(
                "Unable to apply ResultPath \"{}\" to input {}",
                path.as_str(),
                value::compact(&input)
            ),
        ));
    }
    let mut output = input.into_owned();
    put(&mut output, &path.segments, result)?;
    Ok(output)
}

/// Whether [`put_result`] at `path` succeeds on `input`, which it then changes in place: an
/// input that is not needed again (no retry can follow) is written into, not copied.
pub(crate) fn fits(path: &Path, input: &Value) -> bool {
    if path.root != PathRoot::Input {
        return false;
    }
    let mut at = input;
    for (i, segment) in path.segments.iter().enumerate() {
        at = match (segment, at) {
            (Segment::Field(name), Value::Object(map)) => match map.get(name) {
                Some(next) => next,
                // The rest is created, as objects, unless it indexes into them.
                None => {
                    return path.segments[i + 1..]
                        .iter()
                        .all(|s| matches!(s, Segment::Field(_)));
                }
            },
            (Segment::Index(index), Value::Array(items)) => match position(*index, items.len()) {
                Some(at) => &items[at],
                None => return false,
            },
            _ => return false,
        };
    }
    true
}

fn put(target: &mut Value, segments: &[Segment], result: Value) -> Result<(), Failure> {
    let Some((first, rest)) = segments.split_first() else {
        *target = result;
        return Ok(());
    };
    let mismatch = |step: String, at: &Value| {
        Failure::new(
            errors::RESULT_PATH_MATCH_FAILURE,
            format!(
                "Unable to apply step \"{step}\" to input {}",
                value::compact(at)
            ),
        )
    };
    match first {
        Segment::Field(name) => {
            let Value::Object(map) = target else {
                return Err(mismatch(name.clone(), target));
            };
            if rest.is_empty() {
                // A member that is there keeps its place in the order; a new one goes last.
                map.insert(name.clone(), result);
                return Ok(());
            }
            let slot = map
                .entry(name.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            put(slot, rest, result)
        }
        Segment::Index(i) => {
            let at = match target {
                Value::Array(items) => position(*i, items.len()),
                _ => None,
            };
            match (at, target) {
                (Some(at), Value::Array(items)) => put(&mut items[at], rest, result),
                (_, target) => Err(mismatch(i.to_string(), target)),
            }
        }
        other => Err(mismatch(format!("{other:?}"), target)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use workflow_core::expr::Path;

    fn at(path: &str, input: Value, result: Value) -> Result<Value, Failure> {
        let path = NullablePath::Path(Path::parse(path).unwrap());
        apply_result_path(Some(&path), &input, result)
    }

    #[test]
    fn merges() {
        assert_eq!(
            apply_result_path(None, &json!({"a": 1}), json!(2)),
            Ok(json!(2))
        );
        assert_eq!(
            apply_result_path(Some(&NullablePath::Null), &json!({"a": 1}), json!(2)),
            Ok(json!({"a": 1}))
        );
        assert_eq!(at("$", json!({"a": 1}), json!(2)), Ok(json!(2)));
        assert_eq!(
            at("$.b.c", json!({"a": 1}), json!(2)),
            Ok(json!({"a": 1, "b": {"c": 2}}))
        );
        assert_eq!(at("$.a", json!({"a": 1}), json!(2)), Ok(json!({"a": 2})));
        assert_eq!(
            at("$.a[1]", json!({"a": [0, 0]}), json!(2)),
            Ok(json!({"a": [0, 2]}))
        );
    }

    #[test]
    fn mismatches() {
        let failure = at("$.a.b", json!({"a": "x"}), json!(2)).unwrap_err();
        assert_eq!(failure.error, "States.ResultPathMatchFailure");
        let failure = at("$.a", json!("text"), json!(2)).unwrap_err();
        assert_eq!(failure.error, "States.ResultPathMatchFailure");
    }
}
