//! JSONPath queries as AWS runs them (Jayway JsonPath semantics): a definite path (fields and
//! indexes only) names one value or fails with Jayway's reason; an indefinite one (wildcards,
//! slices, filters, recursive descent, index unions) gives the array of every match, possibly
//! empty, and never fails.

use super::{Env, Failure, value};
use serde_json::{Map, Value};
use workflow_core::expr::{Path, PathRoot, Segment};

/// Why a path selected nothing, worded as Jayway words it (AWS quotes the text), e.g.
/// `No results for path: $['foo']` or `Missing property in path $['no']`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathMiss {
    pub reason: String,
}

impl PathMiss {
    /// The failure AWS reports when `InputPath`, `OutputPath`, `ItemsPath` and the like select
    /// nothing: `States.Runtime`, `Invalid path '$.foo' : No results for path: $['foo']`.
    pub fn into_failure(self, path: &Path) -> Failure {
        Failure::runtime(format!(
            "Invalid path '{}' : {}",
            path.as_str(),
            self.reason
        ))
    }
}

/// The value `path` selects from the input, the context object or a variable; the array of
/// matches for an indefinite path.
pub fn query(path: &Path, env: &Env<'_>) -> Result<Value, PathMiss> {
    let root = root(path, env)?;
    if path.as_str().contains('\\') {
        let segments = with_jayway_quoted_names(path);
        return query_value(&segments, root, env.input);
    }
    query_value(&path.segments, root, env.input)
}

/// The value `path` selects, borrowed, when it names fields and indexes that are all there;
/// `None` otherwise (then [`query`] gives the value or the miss).
pub(crate) fn query_plain<'v>(path: &Path, env: &Env<'v>) -> Option<&'v Value> {
    if path.as_str().contains('\\') {
        return None;
    }
    plain_lookup(&path.segments, root(path, env).ok()?)
}

/// What the path starts from: the input, the context object or a variable.
fn root<'v>(path: &Path, env: &Env<'v>) -> Result<&'v Value, PathMiss> {
    match &path.root {
        PathRoot::Input => Ok(env.input),
        PathRoot::Context => Ok(env.context),
        PathRoot::Variable(name) => env.variables.get(name).ok_or_else(|| PathMiss {
            reason: format!("The variable '${name}' is not defined"),
        }),
    }
}

/// The path's segments with bracket-quoted names read as Jayway reads them: a backslash only
/// escapes the quote that delimits the name, so `$['a\"b']` names the field `a\"b` (recorded:
/// scenarios test_escape_sequence_parsing). The model unescapes every `\x`; this puts back
/// the backslashes Jayway keeps.
fn with_jayway_quoted_names(path: &Path) -> Vec<Segment> {
    let raw = raw_quoted_names(path.as_str());
    let mut segments = path.segments.clone();
    for (model_name, jayway_name) in raw {
        for segment in segments.iter_mut() {
            if let Segment::Field(name) = segment
                && *name == model_name
            {
                *name = jayway_name.clone();
            }
        }
    }
    segments
}

/// Each quoted name in brackets, as the model reads it and as Jayway reads it.
fn raw_quoted_names(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '[' && matches!(chars[i + 1], '\'' | '"') {
            let quote = chars[i + 1];
            let (mut model, mut jayway) = (String::new(), String::new());
            let mut k = i + 2;
            while k < chars.len() && chars[k] != quote {
                if chars[k] == '\\' && k + 1 < chars.len() {
                    model.push(chars[k + 1]);
                    if chars[k + 1] != quote {
                        jayway.push('\\');
                    }
                    jayway.push(chars[k + 1]);
                    k += 2;
                } else {
                    model.push(chars[k]);
                    jayway.push(chars[k]);
                    k += 1;
                }
            }
            out.push((model, jayway));
            i = k;
        }
        i += 1;
    }
    out
}

/// [`query`], failing as AWS does for `InputPath`, `OutputPath`, `ItemsPath`.
pub fn read_path(path: &Path, env: &Env<'_>) -> Result<Value, Failure> {
    query(path, env).map_err(|miss| miss.into_failure(path))
}

/// Whether a path names at most one value (Jayway's "definite" path): fields, indexes and
/// scripts, and a union of names as the last step (Jayway merges those into one object).
pub fn is_definite(segments: &[Segment]) -> bool {
    let last = segments.len().saturating_sub(1);
    segments.iter().enumerate().all(|(i, s)| match s {
        Segment::Field(_) | Segment::Index(_) | Segment::Script(_) => true,
        Segment::Union(items) => i == last && items.iter().all(|n| matches!(n, Segment::Field(_))),
        _ => false,
    })
}

/// Runs `segments` on `root`; `document` is what `$` means inside filters.
pub(crate) fn query_value(
    segments: &[Segment],
    root: &Value,
    document: &Value,
) -> Result<Value, PathMiss> {
    // Most paths name fields and indexes that are there: found without the walk, which
    // spells out where it is for the messages of the paths that miss.
    if let Some(found) = plain_lookup(segments, root) {
        return Ok(found.clone());
    }
    let definite = is_definite(segments);
    let mut walk = Walk {
        segments,
        document,
        definite,
        results: Vec::new(),
    };
    let outcome = walk.step(0, root, "$".to_string(), true);
    if !definite {
        // An indefinite path never fails: whatever was found so far is the answer.
        return Ok(Value::Array(walk.results));
    }
    outcome?;
    match walk.results.pop() {
        Some(v) => Ok(v),
        None => Err(PathMiss {
            reason: format!("No results for path: {}", jayway_path(segments)),
        }),
    }
}

/// The position an index selects in an array of `len` items (counted from the end when it is
/// negative), when it is within the array.
pub(crate) fn position(index: i64, len: usize) -> Option<usize> {
    let at = if index < 0 {
        i64::try_from(len).ok()?.checked_add(index)?
    } else {
        index
    };
    usize::try_from(at).ok().filter(|&at| at < len)
}

/// The value a path of fields and indexes selects, when every step finds one.
fn plain_lookup<'v>(segments: &[Segment], root: &'v Value) -> Option<&'v Value> {
    let mut at = root;
    for segment in segments {
        at = match (segment, at) {
            (Segment::Field(name), Value::Object(map)) => map.get(name)?,
            (Segment::Index(i), Value::Array(items)) => &items[position(*i, items.len())?],
            _ => return None,
        };
    }
    Some(at)
}

struct Walk<'a> {
    segments: &'a [Segment],
    document: &'a Value,
    definite: bool,
    results: Vec<Value>,
}

impl Walk<'_> {
    fn found(&mut self, at: usize, value: &Value, current: String) -> Result<(), PathMiss> {
        if at + 1 >= self.segments.len() {
            self.results.push(value.clone());
            Ok(())
        } else {
            self.step(at + 1, value, current, false)
        }
    }

    /// Applies segment `at` to `value`, reached by the Jayway path `current`.
    fn step(
        &mut self,
        at: usize,
        value: &Value,
        current: String,
        is_root: bool,
    ) -> Result<(), PathMiss> {
        let Some(segment) = self.segments.get(at) else {
            if is_root {
                self.results.push(value.clone());
            }
            return Ok(());
        };
        let leaf = at + 1 == self.segments.len();
        match segment {
            Segment::Field(name) => match value {
                Value::Object(map) => match map.get(name) {
                    Some(v) => self.found(at, v, format!("{current}['{name}']")),
                    None if leaf => Ok(()),
                    None => self.miss(format!("Missing property in path {current}['{name}']")),
                },
                other => self.miss(format!(
                    "Expected to find an object with property ['{name}'] in path {current} but found '{}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
                    java_class(other)
                )),
            },
            Segment::Index(i) => match value {
                Value::Array(items) => match position(*i, items.len()) {
                    Some(k) => self.found(at, &items[k], format!("{current}[{i}]")),
                    None => Ok(()),
                },
                Value::Null => self.miss(format!("The path {current} is null")),
                other => self.miss(format!(
                    "Filter: [{i}] can only be applied to arrays. Current context is: {}",
                    value::compact(other)
                )),
            },
            Segment::Script(script) => {
                let Value::Array(items) = value else {
                    return self.miss(format!("The path {current} is null"));
                };
                let Some(index) = script_index(script, items.len()) else {
                    return Ok(());
                };
                match usize::try_from(index).ok().and_then(|k| items.get(k)) {
                    Some(v) => self.found(at, v, format!("{current}[{index}]")),
                    None => Ok(()),
                }
            }
            Segment::Wildcard => {
                match value {
                    Value::Object(map) => {
                        for (k, v) in map {
                            self.found(at, v, format!("{current}['{k}']"))?;
                        }
                    }
                    Value::Array(items) => {
                        for (k, v) in items.iter().enumerate() {
                            self.found(at, v, format!("{current}[{k}]"))?;
                        }
                    }
                    _ => {}
                }
                Ok(())
            }
            Segment::Slice { start, end, step } => {
                if let Value::Array(items) = value {
                    for k in slice_indices(items.len(), *start, *end, *step) {
                        self.found(at, &items[k], format!("{current}[{k}]"))?;
                    }
                }
                Ok(())
            }
            Segment::Union(parts) => {
                let all_fields = parts.iter().all(|p| matches!(p, Segment::Field(_)));
                if all_fields && leaf {
                    // Jayway merges the named properties of a leaf into one object.
                    if let Value::Object(map) = value {
                        let mut merged = Map::new();
                        for part in parts {
                            if let Segment::Field(name) = part
                                && let Some(v) = map.get(name)
                            {
                                merged.insert(name.clone(), v.clone());
                            }
                        }
                        self.results.push(Value::Object(merged));
                    }
                    return Ok(());
                }
                for part in parts {
                    match (part, value) {
                        (Segment::Field(name), Value::Object(map)) => {
                            if let Some(v) = map.get(name) {
                                self.found(at, v, format!("{current}['{name}']"))?;
                            }
                        }
                        (Segment::Index(i), Value::Array(items)) => {
                            if let Some(k) = position(*i, items.len()) {
                                self.found(at, &items[k], format!("{current}[{k}]"))?;
                            }
                        }
                        _ => {}
                    }
                }
                Ok(())
            }
            Segment::Filter(expr) => {
                let filter = match super::filter::Filter::parse(expr) {
                    Ok(f) => f,
                    Err(_) => return Ok(()),
                };
                match value {
                    Value::Array(items) => {
                        for (k, item) in items.iter().enumerate() {
                            if filter.matches(item, self.document) {
                                self.found(at, item, format!("{current}[{k}]"))?;
                            }
                        }
                    }
                    Value::Object(_) if filter.matches(value, self.document) => {
                        self.found(at, value, current)?;
                    }
                    _ => {}
                }
                Ok(())
            }
            Segment::RecursiveDescent => {
                // `..x`: apply the next segment to this value and to every value below it.
                let mut nodes = Vec::new();
                descendants(value, current, &mut nodes);
                for (node, path) in nodes {
                    self.step(at + 1, node, path, false)?;
                }
                Ok(())
            }
        }
    }

    /// A step that found nothing: an error for a definite path, nothing otherwise.
    fn miss(&self, reason: String) -> Result<(), PathMiss> {
        if self.definite {
            Err(PathMiss { reason })
        } else {
            Ok(())
        }
    }
}

/// Every object and array at or below `value`, parents before children.
fn descendants<'v>(value: &'v Value, path: String, out: &mut Vec<(&'v Value, String)>) {
    match value {
        Value::Object(map) => {
            out.push((value, path.clone()));
            for (k, v) in map {
                descendants(v, format!("{path}['{k}']"), out);
            }
        }
        Value::Array(items) => {
            out.push((value, path.clone()));
            for (k, v) in items.iter().enumerate() {
                descendants(v, format!("{path}[{k}]"), out);
            }
        }
        _ => {}
    }
}

/// The indexes a slice `[start:end:step]` selects from an array of `len` items, as Python
/// slices do (negative bounds count from the end, bounds are clamped).
fn slice_indices(
    len: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
) -> Vec<usize> {
    let len = len as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Vec::new();
    }
    let clamp = |v: i64, low: i64, high: i64| v.max(low).min(high);
    let norm = |v: i64| if v < 0 { v + len } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let s = clamp(start.map_or(0, norm), 0, len);
        let e = clamp(end.map_or(len, norm), 0, len);
        let mut k = s;
        while k < e {
            out.push(k as usize);
            let Some(next) = k.checked_add(step) else {
                break;
            };
            k = next;
        }
    } else {
        let s = clamp(start.map_or(len - 1, norm), -1, len - 1);
        let e = clamp(end.map_or(-1, norm), -1, len - 1);
        let mut k = s;
        while k > e {
            out.push(k as usize);
            let Some(next) = k.checked_add(step) else {
                break;
            };
            k = next;
        }
    }
    out
}

/// The index a script `(@.length-1)` computes for an array of `len` items.
fn script_index(script: &str, len: usize) -> Option<i64> {
    let compact: String = script.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact.strip_prefix("@.length")?;
    let len = len as i64;
    if rest.is_empty() {
        return Some(len);
    }
    let (sign, number) = match rest.split_at(1) {
        ("-", n) => (-1, n),
        ("+", n) => (1, n),
        _ => return None,
    };
    number
        .parse::<i64>()
        .ok()
        .and_then(|n| len.checked_add(sign * n))
}

/// The Java class Jayway's JSON provider names for a value in its messages.
fn java_class(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "java.lang.Boolean",
        Value::Number(n) => {
            if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                "java.lang.Integer"
            } else if n.is_i64() || n.is_u64() {
                "java.lang.Long"
            } else {
                "java.lang.Double"
            }
        }
        Value::String(_) => "java.lang.String",
        Value::Array(_) => "net.minidev.json.JSONArray",
        Value::Object(_) => "net.minidev.json.JSONObject",
    }
}

/// A path written as Jayway prints it: `$['a']['b'][0]`.
pub fn jayway_path(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for segment in segments {
        write_segment(&mut out, segment);
    }
    out
}

fn write_segment(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Field(name) => out.push_str(&format!("['{name}']")),
        Segment::Index(i) => out.push_str(&format!("[{i}]")),
        Segment::Wildcard => out.push_str("[*]"),
        Segment::RecursiveDescent => out.push_str(".."),
        Segment::Slice { start, end, step } => {
            let part = |v: &Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            out.push_str(&format!("[{}:{}", part(start), part(end)));
            if let Some(step) = step {
                out.push_str(&format!(":{step}"));
            }
            out.push(']');
        }
        Segment::Union(parts) => {
            let items: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    Segment::Field(name) => format!("'{name}'"),
                    Segment::Index(i) => i.to_string(),
                    _ => String::new(),
                })
                .collect();
            out.push_str(&format!("[{}]", items.join(",")));
        }
        Segment::Filter(_) => out.push_str("[?]"),
        Segment::Script(script) => out.push_str(&format!("[({script})]")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(path: &str, input: Value) -> Result<Value, String> {
        let path = Path::parse(path).map_err(|e| e.message)?;
        let variables = Map::new();
        let context = json!({"Execution": {"Id": "arn:x"}});
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 7,
        };
        query(&path, &env).map_err(|m| m.reason)
    }

    fn items() -> Value {
        let items: Vec<Value> = (0..11).map(|i| json!({"item_key": i})).collect();
        json!({ "items": items })
    }

    #[test]
    fn definite_paths() {
        // base: test_json_path_array_access[$.items[10]]
        assert_eq!(run("$.items[10]", items()), Ok(json!({"item_key": 10})));
        assert_eq!(run("$.items[0]", items()), Ok(json!({"item_key": 0})));
        assert_eq!(run("$$.Execution.Id", json!({})), Ok(json!("arn:x")));
        assert_eq!(run("$", json!(1)), Ok(json!(1)));
        assert_eq!(run("$.a", json!({"a": null})), Ok(Value::Null));
    }

    #[test]
    fn definite_misses_use_jayways_words() {
        assert_eq!(
            run("$.foo", json!({})),
            Err("No results for path: $['foo']".into())
        );
        // scenarios: OutputPath '$.no.such.result.path' on a Lambda result
        assert_eq!(
            run("$.no.such.result.path", json!({"a": 1})),
            Err("Missing property in path $['no']".into())
        );
        assert_eq!(
            run("$.items[20]", items()),
            Err("No results for path: $['items'][20]".into())
        );
    }

    #[test]
    fn indefinite_paths_give_arrays() {
        // base: test_json_path_array_wildcard_or_slice_with_no_input[$.item.items[1:5]]
        assert_eq!(run("$.item.items[1:5]", json!({})), Ok(json!([])));
        assert_eq!(run("$.item.items[1:5].itemValue", json!({})), Ok(json!([])));
        let input = json!({"items": [{"v": 1}, {"v": 2}, {"v": 3}]});
        assert_eq!(run("$.items[*].v", input.clone()), Ok(json!([1, 2, 3])));
        assert_eq!(run("$.items[1:].v", input.clone()), Ok(json!([2, 3])));
        assert_eq!(run("$.items[:1]", input.clone()), Ok(json!([{"v": 1}])));
        assert_eq!(run("$.items[-1:]", input.clone()), Ok(json!([{"v": 3}])));
        assert_eq!(run("$..v", input.clone()), Ok(json!([1, 2, 3])));
        assert_eq!(run("$.items[0,2].v", input.clone()), Ok(json!([1, 3])));
        assert_eq!(
            run("$.items[?(@.v > 1)].v", input.clone()),
            Ok(json!([2, 3]))
        );
        assert_eq!(run("$.items[(@.length-1)]", input), Ok(json!({"v": 3})));
        let pair = json!({"a": {"c": 1}, "b": {"c": 2}, "z": 0});
        assert_eq!(
            run("$['a','b']", pair.clone()),
            Ok(json!({"a": {"c": 1}, "b": {"c": 2}}))
        );
        assert_eq!(run("$['a','b'].c", pair), Ok(json!([1, 2])));
    }

    #[test]
    fn backslashes_in_quoted_names_stay() {
        // scenarios: test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONPATH]
        let input = json!({"Test\\\"\"Name\"": "Value\"\\"});
        assert_eq!(run("$['Test\\\"\"Name\"']", input), Ok(json!("Value\"\\")));
        assert_eq!(run("$['it\\'s']", json!({"it's": 1})), Ok(json!(1)));
    }
}
