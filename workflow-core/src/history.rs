//! Execution histories: one typed model of the events of the Step Functions
//! `GetExecutionHistory` API, read from and written to the JSON the AWS CLI prints
//! (`aws stepfunctions get-execution-history`). The renderer colours pictures from it,
//! `workflow-deploy` writes what the service returns in it, and anything that runs a workflow
//! can build one with [`HistoryEvent::new`] and write it with [`ExecutionHistory::to_json`].
//!
//! The shape is `{"events": [{"timestamp": …, "type": "TaskStateEntered", "id": 2,
//! "previousEventId": 1, "stateEnteredEventDetails": {"name": "X", "input": "…"}}, …]}` with
//! the API's camelCase keys; a timestamp is epoch seconds (a number) or an ISO 8601 string.
//! Reading checks the shape and names the JSON path of the first thing that is wrong.
//!
//! ```
//! use workflow_core::history::{ExecutionHistory, HistoryEvent, Timestamp};
//!
//! let history = ExecutionHistory {
//!     events: vec![
//!         HistoryEvent::new(1, "ExecutionStarted", Timestamp::Epoch(1_700_000_000.0)),
//!         HistoryEvent::new(2, "PassStateEntered", Timestamp::Epoch(1_700_000_000.5))
//!             .after(1)
//!             .with_details("stateEnteredEventDetails", [("name", "Hello"), ("input", "{}")]),
//!     ],
//! };
//! let text = history.to_json();
//! assert!(text.contains(r#""timestamp": 1700000000.500000"#));
//! let again = ExecutionHistory::from_json(&text).unwrap();
//! assert_eq!(again, history);
//! assert_eq!(again.events[1].state_name(), Some("Hello"));
//! assert!(ExecutionHistory::from_json(r#"{"events": [{"type": 3}]}"#)
//!     .unwrap_err()
//!     .to_string()
//!     .starts_with("$.events[0].type:"));
//! ```

use serde_json::{Map, Value};

use crate::tree::Tree;

/// A history that could not be read: where (a JSON path such as `$.events[3].id`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct HistoryError {
    pub path: String,
    pub message: String,
}

fn error(path: impl Into<String>, message: impl Into<String>) -> HistoryError {
    HistoryError {
        path: path.into(),
        message: message.into(),
    }
}

/// When an event happened, as the history wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (the AWS CLI's and SDKs' number form).
    Epoch(f64),
    /// An ISO 8601 text, kept as written.
    Text(String),
}

impl std::fmt::Display for Timestamp {
    /// ISO 8601 in UTC with milliseconds for epoch seconds; the text as written otherwise.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Timestamp::Text(t) => f.write_str(t),
            Timestamp::Epoch(secs) => {
                let millis = (secs * 1000.0).round() as i64;
                let (days, ms_of_day) =
                    (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
                let (y, m, d) = civil_from_days(days);
                let s = ms_of_day / 1000;
                write!(
                    f,
                    "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
                    s / 3600,
                    s / 60 % 60,
                    s % 60,
                    ms_of_day % 1000
                )
            }
        }
    }
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl Timestamp {
    /// Milliseconds since the epoch, as epoch seconds.
    pub fn from_millis(ms: i64) -> Timestamp {
        Timestamp::Epoch(ms as f64 / 1000.0)
    }

    /// Milliseconds since the epoch of an epoch-seconds timestamp; `None` for a text one.
    pub fn millis(&self) -> Option<i64> {
        match self {
            Timestamp::Epoch(secs) => Some((secs * 1000.0).round() as i64),
            Timestamp::Text(_) => None,
        }
    }

    /// The JSON number of epoch seconds, with microseconds as the AWS CLI writes them.
    fn to_tree(&self) -> Tree {
        match self {
            Timestamp::Text(text) => Tree::from(text.as_str()),
            Timestamp::Epoch(secs) if *secs >= 0.0 => {
                let mut whole = secs.floor();
                let mut micros = ((secs - whole) * 1e6).round();
                if micros >= 1e6 {
                    whole += 1.0;
                    micros = 0.0;
                }
                Tree::Number(format!("{whole:.0}.{micros:06.0}"))
            }
            Timestamp::Epoch(secs) => Tree::from(Value::from(*secs)),
        }
    }
}

/// One event of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// The event id (1-based, increasing).
    pub id: u64,
    /// The id of the event this one follows from, if the history gives one.
    pub previous_event_id: Option<u64>,
    pub timestamp: Timestamp,
    /// The API's `type`, e.g. `TaskStateEntered`.
    pub event_type: String,
    /// The `…EventDetails` member of the event, if it has one.
    pub details: Option<EventDetails>,
}

/// The `<kind>EventDetails` member of an event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventDetails {
    /// The member's name, e.g. `stateEnteredEventDetails`.
    pub key: String,
    /// Its members, with the API's camelCase names (`name`, `input`, `error`, `cause`, …).
    pub fields: Map<String, Value>,
}

impl HistoryEvent {
    /// An event without a previous event or details.
    pub fn new(id: u64, event_type: impl Into<String>, timestamp: Timestamp) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: None,
            timestamp,
            event_type: event_type.into(),
            details: None,
        }
    }

    /// The event follows from the event `previous_event_id`.
    pub fn after(mut self, previous_event_id: u64) -> HistoryEvent {
        self.previous_event_id = Some(previous_event_id);
        self
    }

    /// The event's details member `key` holds these string fields.
    pub fn with_details<'a>(
        mut self,
        key: impl Into<String>,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> HistoryEvent {
        self.details = Some(EventDetails {
            key: key.into(),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), Value::from(v)))
                .collect(),
        });
        self
    }

    /// The event's details member `key` holds these fields (any JSON values).
    pub fn with_fields(
        mut self,
        key: impl Into<String>,
        fields: Map<String, Value>,
    ) -> HistoryEvent {
        self.details = Some(EventDetails {
            key: key.into(),
            fields,
        });
        self
    }

    /// The state name of a `…StateEntered` or `…StateExited` event.
    pub fn state_name(&self) -> Option<&str> {
        if self.event_type.ends_with("StateEntered") || self.event_type.ends_with("StateExited") {
            self.detail("name")
        } else {
            None
        }
    }

    /// A string field of the details (`error`, `cause`, `input`, `output`, …).
    pub fn detail(&self, field: &str) -> Option<&str> {
        self.details.as_ref()?.fields.get(field)?.as_str()
    }

    /// The event as the AWS CLI prints it: `timestamp`, `type`, `id`, `previousEventId`, then
    /// the details member.
    fn to_tree(&self) -> Tree {
        let mut members = vec![
            ("timestamp".to_string(), self.timestamp.to_tree()),
            ("type".to_string(), Tree::from(self.event_type.as_str())),
            ("id".to_string(), Tree::Number(self.id.to_string())),
        ];
        if let Some(previous) = self.previous_event_id {
            members.push((
                "previousEventId".to_string(),
                Tree::Number(previous.to_string()),
            ));
        }
        if let Some(details) = &self.details {
            members.push((
                details.key.clone(),
                Tree::from(Value::Object(details.fields.clone())),
            ));
        }
        Tree::Object(members)
    }
}

/// A read execution history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExecutionHistory {
    /// The events in the order of the file.
    pub events: Vec<HistoryEvent>,
}

impl ExecutionHistory {
    /// Reads the JSON of `GetExecutionHistory`.
    ///
    /// # Errors
    ///
    /// When the text is not JSON, or an event lacks `type`, `id` or `timestamp` or has one of
    /// the wrong type; the error names the JSON path.
    pub fn from_json(text: &str) -> Result<ExecutionHistory, HistoryError> {
        let root: Value = serde_json::from_str(text).map_err(|e| {
            error(
                "$",
                format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
            )
        })?;
        let Some(object) = root.as_object() else {
            return Err(error("$", "expected an object with an `events` array"));
        };
        let Some(events) = object.get("events") else {
            return Err(error("$", "missing `events`"));
        };
        let Some(events) = events.as_array() else {
            return Err(error("$.events", "expected an array"));
        };
        let mut out = Vec::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            out.push(read_event(event, &format!("$.events[{i}]"))?);
        }
        Ok(ExecutionHistory { events: out })
    }

    /// The history as `aws stepfunctions get-execution-history` prints it, pretty-printed with
    /// the members of each event in a fixed order and epoch timestamps to the microsecond (as
    /// the service keeps them); [`ExecutionHistory::from_json`] reads it back to the same
    /// history.
    pub fn to_json(&self) -> String {
        let events = self.events.iter().map(HistoryEvent::to_tree).collect();
        Tree::object([("events", Tree::Array(events))]).to_json_string()
    }
}

fn read_event(event: &Value, path: &str) -> Result<HistoryEvent, HistoryError> {
    let Some(object) = event.as_object() else {
        return Err(error(path, "expected an event object"));
    };
    let field = |name: &str| object.get(name);
    let event_type = match field("type") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => return Err(error(format!("{path}.type"), "expected a non-empty string")),
        None => return Err(error(path, "missing `type`")),
    };
    let id = match field("id") {
        Some(v) => v
            .as_u64()
            .ok_or_else(|| error(format!("{path}.id"), "expected a non-negative integer"))?,
        None => return Err(error(path, "missing `id`")),
    };
    let previous_event_id = match field("previousEventId") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or_else(|| {
            error(
                format!("{path}.previousEventId"),
                "expected a non-negative integer",
            )
        })?),
    };
    let timestamp = match field("timestamp") {
        Some(Value::Number(n)) => match n.as_f64() {
            Some(secs) if secs.is_finite() && secs.abs() < 1e12 => Timestamp::Epoch(secs),
            _ => {
                return Err(error(
                    format!("{path}.timestamp"),
                    "epoch seconds out of range",
                ));
            }
        },
        Some(Value::String(s)) if looks_like_iso8601(s) => Timestamp::Text(s.clone()),
        Some(_) => {
            return Err(error(
                format!("{path}.timestamp"),
                "expected epoch seconds or an ISO 8601 date-time",
            ));
        }
        None => return Err(error(path, "missing `timestamp`")),
    };
    let names_state = event_type.ends_with("StateEntered") || event_type.ends_with("StateExited");
    let details = match object.iter().find(|(k, _)| k.ends_with("EventDetails")) {
        Some((key, value)) => {
            let Some(fields) = value.as_object() else {
                return Err(error(format!("{path}.{key}"), "expected an object"));
            };
            for (f, v) in fields {
                let must_be_text =
                    matches!(f.as_str(), "name" | "input" | "output" | "error" | "cause");
                if must_be_text && !v.is_string() && !v.is_null() {
                    return Err(error(format!("{path}.{key}.{f}"), "expected a string"));
                }
            }
            if names_state && !fields.get("name").is_some_and(Value::is_string) {
                return Err(error(format!("{path}.{key}"), "missing the state `name`"));
            }
            Some(EventDetails {
                key: key.clone(),
                fields: fields.clone(),
            })
        }
        None if names_state => {
            return Err(error(
                path,
                format!("a {event_type} event needs its details with the state `name`"),
            ));
        }
        None => None,
    };
    Ok(HistoryEvent {
        id,
        previous_event_id,
        timestamp,
        event_type,
        details,
    })
}

/// `YYYY-MM-DD` then `T` or a space: enough to tell a date-time from a mistake.
fn looks_like_iso8601(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_names_the_path() {
        let err = |text: &str| ExecutionHistory::from_json(text).unwrap_err().to_string();
        assert!(err("nope").starts_with("$: not JSON"));
        assert_eq!(err("[]"), "$: expected an object with an `events` array");
        assert_eq!(err(r#"{"events":{}}"#), "$.events: expected an array");
        assert_eq!(
            err(r#"{"events":[{"type":"X","id":-1,"timestamp":1}]}"#),
            "$.events[0].id: expected a non-negative integer"
        );
        assert_eq!(
            err(r#"{"events":[{"type":"X","id":1,"timestamp":"yesterday"}]}"#),
            "$.events[0].timestamp: expected epoch seconds or an ISO 8601 date-time"
        );
        assert_eq!(
            err(
                r#"{"events":[{"type":"PassStateEntered","id":1,"timestamp":1,"stateEnteredEventDetails":{"input":"{}"}}]}"#
            ),
            "$.events[0].stateEnteredEventDetails: missing the state `name`"
        );
        assert_eq!(
            err(
                r#"{"events":[{"type":"X","id":1,"timestamp":1,"taskFailedEventDetails":{"error":5}}]}"#
            ),
            "$.events[0].taskFailedEventDetails.error: expected a string"
        );
    }

    #[test]
    fn millisecond_timestamps_and_json_fields_round_trip() {
        let at = Timestamp::from_millis(1_700_000_000_123);
        assert_eq!(at.millis(), Some(1_700_000_000_123));
        assert_eq!(at.to_string(), "2023-11-14T22:13:20.123Z");
        assert_eq!(
            Timestamp::Text("2023-11-14T22:13:20Z".into()).millis(),
            None
        );
        let mut fields = Map::new();
        fields.insert("index".into(), Value::from(3));
        fields.insert("name".into(), Value::from("Each"));
        let event = HistoryEvent::new(4, "MapIterationStarted", at)
            .after(3)
            .with_fields("mapIterationStartedEventDetails", fields);
        assert_eq!(event.detail("name"), Some("Each"));
        let history = ExecutionHistory {
            events: vec![event],
        };
        assert_eq!(
            ExecutionHistory::from_json(&history.to_json()).unwrap(),
            history
        );
    }

    #[test]
    fn epoch_seconds_print_as_iso_8601() {
        assert_eq!(
            Timestamp::Epoch(0.0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::Epoch(1_700_000_000.25).to_string(),
            "2023-11-14T22:13:20.250Z"
        );
        assert_eq!(
            Timestamp::Epoch(951_782_400.0).to_string(),
            "2000-02-29T00:00:00.000Z"
        );
    }
}
