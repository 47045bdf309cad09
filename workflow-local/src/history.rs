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

    /// One line per state entered or exited, with its offset from the execution's start on the
    /// virtual clock, then how the execution ended; in the order of the clock (the events of
    /// Parallel branches and Map iterations that ran side by side are interleaved):
    ///
    /// ```text
    ///     +0.000s  entered  Charge
    ///     +3.000s  exited   Charge
    ///     +3.000s  ExecutionSucceeded
    /// ```
    pub fn timeline(&self) -> Vec<String> {
        let start = self.events.first().map_or(0, |e| e.timestamp_ms);
        let mut lines: Vec<(i64, String)> = Vec::new();
        for event in &self.events {
            let what = if event.event_type.ends_with("StateEntered") {
                "entered"
            } else if event.event_type.ends_with("StateExited") {
                "exited "
            } else if event.event_type.starts_with("Execution")
                && event.event_type != "ExecutionStarted"
            {
                ""
            } else {
                continue;
            };
            let offset = event.timestamp_ms.saturating_sub(start);
            let at = format!("+{}.{:03}s", offset / 1000, offset % 1000);
            let name = event
                .details
                .as_ref()
                .and_then(|(_, details)| details.get("name"))
                .and_then(Value::as_str);
            let line = match (what, name) {
                ("", _) => format!("{at:>12}  {}", event.event_type),
                (what, Some(name)) => format!("{at:>12}  {what}  {name}"),
                (what, None) => format!("{at:>12}  {what}"),
            };
            lines.push((event.timestamp_ms, line));
        }
        lines.sort_by_key(|(at, _)| *at);
        lines.into_iter().map(|(_, line)| line).collect()
    }

    /// The definition `machine` drawn as an HTML page with each state coloured by how it ran in
    /// this execution and the event timeline: what `workflow render --history` draws from
    /// AWS's history.
    ///
    /// # Errors
    ///
    /// When the renderer cannot read the history back (a bug: the executor writes AWS's shape).
    pub fn render_html(
        &self,
        machine: workflow_core::Validated<'_>,
        title: &str,
    ) -> Result<String, workflow_core::render::HistoryError> {
        use workflow_core::render::{ExecutionHistory, RenderFormat, RenderOptions};
        let history = ExecutionHistory::from_json(&self.to_json().to_string())?;
        let options = RenderOptions {
            title,
            history: Some(&history),
        };
        Ok(workflow_core::render::render(
            machine,
            RenderFormat::Html,
            &options,
        ))
    }

    /// The event types in order.
    pub fn event_types(&self) -> Vec<&str> {
        self.events.iter().map(|e| e.event_type.as_str()).collect()
    }
}
