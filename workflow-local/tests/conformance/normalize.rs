//! The normalisation LocalStack's snapshot fixture applied to recorded AWS responses, as
//! `normalize.py` in the conformance folder describes it, so a local run compares with the
//! recording: JSON-looking strings parsed, names and ARNs replaced by placeholders, UUIDs
//! numbered, ISO-8601 instants replaced by `date`.

use serde_json::{Map, Value};

/// One rewrite of the JSON text, applied in registration order.
enum Rewrite {
    Literal { from: String, to: String },
    Iso8601,
}

/// A member replaced by a fixed value wherever it is (under `parent` only, when given).
pub struct KeyValue {
    pub parent: Option<String>,
    pub key: String,
    pub value: Value,
}

/// The normalisation of one execution's data.
#[derive(Default)]
pub struct Normalizer {
    /// The test's own literal replacements (names, harness values), in order.
    pub literals: Vec<(String, String)>,
    /// `$..key` (or `$..parent.key`) → fixed value, applied before anything else is replaced.
    pub key_values: Vec<KeyValue>,
    pub sort_parallel_events: bool,
    pub account: String,
    pub region: String,
}

impl Normalizer {
    pub fn normalize(&self, mut data: Map<String, Value>) -> Map<String, Value> {
        for value in data.values_mut() {
            if let Value::Object(o) = value {
                parse_json_values(o);
            }
        }
        let mut rewrites: Vec<Rewrite> = self
            .literals
            .iter()
            .map(|(from, to)| Rewrite::Literal {
                from: from.clone(),
                to: to.clone(),
            })
            .collect();
        for rule in &self.key_values {
            for value in data.values_mut() {
                replace_key(value, None, rule);
            }
        }
        if self.sort_parallel_events {
            for value in data.values_mut() {
                if let Some(Value::Array(events)) = value.get_mut("events") {
                    sort_parallel(events);
                }
            }
        }
        for (from, to) in [
            (self.account.clone(), "111111111111".to_string()),
            (self.region.clone(), "<region>".to_string()),
            ("arn:aws:".to_string(), "arn:<partition>:".to_string()),
        ] {
            rewrites.push(Rewrite::Literal { from, to });
        }
        let mut uuids = Vec::new();
        for value in data.values() {
            if let Value::Object(o) = value {
                collect_uuids(o, &mut uuids);
            }
        }
        for (n, uuid) in uuids.into_iter().enumerate() {
            rewrites.push(Rewrite::Literal {
                from: uuid,
                to: format!("<uuid:{}>", n + 1),
            });
        }
        rewrites.push(Rewrite::Iso8601);
        for value in data.values_mut() {
            if let Value::Object(o) = value {
                mark_timestamps(o);
            }
        }
        data.into_iter()
            .map(|(key, value)| {
                let mut text = serde_json::to_string(&value).unwrap_or_default();
                for rewrite in &rewrites {
                    text = match rewrite {
                        Rewrite::Literal { from, to } if !from.is_empty() => text.replace(from, to),
                        Rewrite::Literal { .. } => text,
                        Rewrite::Iso8601 => replace_iso8601(&text),
                    };
                }
                (key, serde_json::from_str(&text).unwrap_or(Value::Null))
            })
            .collect()
    }
}

/// Object members holding JSON object text become the object (not recursively re-parsed).
fn parse_json_values(object: &mut Map<String, Value>) {
    for value in object.values_mut() {
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(o) = item {
                        parse_json_values(o);
                    }
                }
            }
            Value::Object(o) => parse_json_values(o),
            Value::String(s) if s.starts_with('{') => {
                if let Ok(parsed) = serde_json::from_str::<Value>(s) {
                    *value = parsed;
                }
            }
            _ => {}
        }
    }
}

fn replace_key(value: &mut Value, parent: Option<&str>, rule: &KeyValue) {
    match value {
        Value::Object(o) => {
            let under_parent = rule.parent.as_deref().is_none_or(|p| Some(p) == parent);
            for (k, v) in o.iter_mut() {
                if k == &rule.key && under_parent {
                    *v = rule.value.clone();
                } else {
                    replace_key(v, Some(k), rule);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_key(v, parent, rule)),
        _ => {}
    }
}

/// Inside each Parallel state, the branch events sorted by their text with ids cleared, as the
/// fixture compares them.
fn sort_parallel(events: &mut [Value]) {
    let mut start = None;
    let mut i = 0;
    while i < events.len() {
        let kind = events[i].get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "ParallelStateSucceeded"
            | "ParallelStateAborted"
            | "ParallelStateExited"
            | "ParallelStateFailed"
            | "" => {
                if let Some(s) = start.take() {
                    events[s..i].sort_by_key(canonical);
                }
            }
            "ParallelStateStarted" => start = Some(i + 1),
            _ if start.is_some() => {
                if let Value::Object(o) = &mut events[i] {
                    o.insert("id".into(), serde_json::json!([0]));
                    o.insert("previousEventId".into(), Value::from(0));
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// JSON text with object members in key order, so the sort does not depend on the order in
/// which a producer wrote the members.
pub fn canonical(value: &Value) -> String {
    match value {
        Value::Object(o) => {
            let mut members: Vec<(&String, &Value)> = o.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = members
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), canonical(v)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// Sorts the events inside each Parallel state as the fixture does (see [`Normalizer`]).
pub fn sort_parallel_blocks(events: &mut [Value]) {
    sort_parallel(events);
}

fn is_uuid_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 36
        && (0..36).all(|i| match i {
            8 | 13 | 18 | 23 => b[i] == b'-',
            _ => b[i].is_ascii_hexdigit(),
        })
}

fn collect_uuids(object: &Map<String, Value>, out: &mut Vec<String>) {
    for (key, value) in object {
        match value {
            Value::String(s) if key.to_lowercase().ends_with("id") && is_uuid_prefix(s) => {
                let s = s.replace('"', "\\\"");
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(o) = item {
                        collect_uuids(o, out);
                    }
                }
            }
            Value::Object(o) => collect_uuids(o, out),
            _ => {}
        }
    }
}

fn mark_timestamps(object: &mut Map<String, Value>) {
    for (key, value) in object.iter_mut() {
        let timestamp_key = key.to_lowercase().contains("timestamp")
            || key == "creationTime"
            || key == "ingestionTime";
        let text = match &*value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if timestamp_key && iso8601_at(&text, 0).is_none() {
            *value = Value::String("timestamp".into());
            continue;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(o) = item {
                        mark_timestamps(o);
                    }
                }
            }
            Value::Object(o) => mark_timestamps(o),
            _ => {}
        }
    }
}

/// The length of an ISO-8601 date-time starting at byte `at`, as LocalStack's pattern matches
/// them: `YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh[:]?[mm])`.
fn iso8601_at(text: &str, at: usize) -> Option<usize> {
    let b = &text.as_bytes()[at..];
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num = |i: usize, n: usize| -> Option<u32> {
        (0..n).all(|k| digit(i + k)).then(|| {
            b[i..i + n]
                .iter()
                .fold(0, |acc, c| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = num(0, 4)?;
    if year < 1000 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days || b.get(10) != Some(&b'T') {
        return None;
    }
    if num(11, 2)? > 23 || b.get(13) != Some(&b':') || num(14, 2)? > 59 || b.get(16) != Some(&b':')
    {
        return None;
    }
    if num(17, 2)? > 59 {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') && digit(i + 1) {
        i += 1;
        let start = i;
        while digit(i) && i - start < 9 {
            i += 1;
        }
    }
    match b.get(i) {
        Some(b'Z') => Some(i + 1),
        Some(b'+' | b'-') => {
            let hours = num(i + 1, 2)?;
            if hours > 19 {
                return None;
            }
            i += 3;
            if b.get(i) == Some(&b':') {
                i += 1;
            }
            if let Some(m) = num(i, 2)
                && m <= 59
            {
                i += 2;
            }
            Some(i)
        }
        _ => None,
    }
}

fn replace_iso8601(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text.as_bytes()[i].is_ascii_digit()
            && text.is_char_boundary(i)
            && let Some(len) = iso8601_at(text, i)
        {
            out.push_str("date");
            i += len;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_uuids() {
        assert_eq!(replace_iso8601("at 2026-12-02T14:34:16.000Z."), "at date.");
        assert_eq!(
            replace_iso8601("2026-02-30T14:34:16Z"),
            "2026-02-30T14:34:16Z"
        );
        assert!(is_uuid_prefix("0b9f8a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"));
    }
}
