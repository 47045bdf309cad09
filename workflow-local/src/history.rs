//! The execution history: the events AWS writes for an execution, in the shape the AWS CLI's
//! `get-execution-history` prints them.
//!
//! Events are kept as their type name and their details object, so that the shared typed
//! history model can replace this module without touching the executor's logic.

use serde_json::{Map, Value};

/// One history event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: u64,
    pub previous_event_id: u64,
    /// Milliseconds since the Unix epoch, on the execution's clock.
    pub timestamp_ms: i64,
    /// The event type, e.g. `PassStateEntered`.
    pub event_type: String,
    /// The details member: its key (e.g. `stateEnteredEventDetails`) and value. Some events
    /// (`MapStateStarted` has one, `MapStateSucceeded` has none) carry no details.
    pub details: Option<(String, Value)>,
}

impl Event {
    /// The event as the AWS CLI prints it.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert(
            "timestamp".into(),
            Value::String(crate::clock::format_iso(self.timestamp_ms)),
        );
        object.insert("type".into(), Value::String(self.event_type.clone()));
        object.insert("id".into(), Value::from(self.id));
        object.insert(
            "previousEventId".into(),
            Value::from(self.previous_event_id),
        );
        if let Some((key, details)) = &self.details {
            object.insert(key.clone(), details.clone());
        }
        Value::Object(object)
    }
}

/// All events of an execution, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub events: Vec<Event>,
}

impl History {
    /// `{"events": [...]}`, the `get-execution-history` response.
    pub fn to_json(&self) -> Value {
        let events = self.events.iter().map(Event::to_json).collect();
        let mut object = Map::new();
        object.insert("events".into(), Value::Array(events));
        Value::Object(object)
    }

    /// The event types in order.
    pub fn event_types(&self) -> Vec<&str> {
        self.events.iter().map(|e| e.event_type.as_str()).collect()
    }
}
