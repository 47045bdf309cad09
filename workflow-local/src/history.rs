//! The execution history: the events AWS writes for an execution, as
//! [`workflow_core::history::HistoryEvent`]s (the one event type the renderer and
//! `workflow-deploy` read too), printed in the shape the AWS CLI's `get-execution-history`
//! prints them.

use serde_json::{Map, Value};
use workflow_core::history::{ExecutionHistory, HistoryEvent};

/// Milliseconds since the Unix epoch of an event the executor wrote (on the execution's clock).
pub fn millis(event: &HistoryEvent) -> i64 {
    event.timestamp.millis().unwrap_or_default()
}

/// The event as the AWS CLI prints it, with an ISO 8601 timestamp.
fn event_json(event: &HistoryEvent) -> Value {
    let mut object = Map::new();
    object.insert(
        "timestamp".into(),
        Value::String(crate::clock::format_iso(millis(event))),
    );
    object.insert("type".into(), Value::String(event.event_type.clone()));
    object.insert("id".into(), Value::from(event.id));
    object.insert(
        "previousEventId".into(),
        Value::from(event.previous_event_id.unwrap_or_default()),
    );
    if let Some(details) = &event.details {
        object.insert(details.key.clone(), Value::Object(details.fields.clone()));
    }
    Value::Object(object)
}

/// All events of an execution, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub events: Vec<HistoryEvent>,
}

impl History {
    /// `{"events": [...]}`, the `get-execution-history` response.
    pub fn to_json(&self) -> Value {
        let events = self.events.iter().map(event_json).collect();
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
        let start = self.events.first().map_or(0, millis);
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
            let at_ms = millis(event);
            let offset = at_ms.saturating_sub(start);
            let at = format!("+{}.{:03}s", offset / 1000, offset % 1000);
            let name = event.detail("name");
            let line = match (what, name) {
                ("", _) => format!("{at:>12}  {}", event.event_type),
                (what, Some(name)) => format!("{at:>12}  {what}  {name}"),
                (what, None) => format!("{at:>12}  {what}"),
            };
            lines.push((at_ms, line));
        }
        lines.sort_by_key(|(at, _)| *at);
        lines.into_iter().map(|(_, line)| line).collect()
    }

    /// The definition `machine` drawn as an HTML page with each state coloured by how it ran in
    /// this execution and the event timeline: what `workflow render --history` draws from
    /// AWS's history.
    ///
    /// The renderer reads the executor's events as they are: both use
    /// [`workflow_core::history`].
    pub fn render_html(&self, machine: workflow_core::Validated<'_>, title: &str) -> String {
        use workflow_core::render::{RenderFormat, RenderOptions};
        let history = self.to_execution_history();
        let options = RenderOptions {
            title,
            history: Some(&history),
        };
        workflow_core::render::render(machine, RenderFormat::Html, &options)
    }

    /// The events as the typed history `workflow-deploy` reads from AWS.
    pub fn to_execution_history(&self) -> ExecutionHistory {
        ExecutionHistory {
            events: self.events.clone(),
        }
    }

    /// The event types in order.
    pub fn event_types(&self) -> Vec<&str> {
        self.events.iter().map(|e| e.event_type.as_str()).collect()
    }
}
