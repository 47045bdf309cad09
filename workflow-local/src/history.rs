//! The execution history: the events AWS writes for an execution, as
//! [`workflow_core::history::HistoryEvent`]s (the one event type the renderer and
//! `workflow-deploy` read too), printed in the shape the AWS CLI's `get-execution-history`
//! prints them.
//!
//! The executor records every event in full as it runs, but in the form that is cheapest to
//! write: each [`Record`] holds ranges of its execution's [`Store`] (one buffer of texts, one
//! list of details members), and events that hold the same text (a state's output is the next
//! state's input) hold the same range. Records become [`HistoryEvent`]s, with their JSON maps,
//! the first time the history is read: building those maps for every event was most of an
//! execution's time.

use serde_json::{Map, Value};
use std::cell::RefCell;
use std::sync::OnceLock;
use workflow_core::history::{ExecutionHistory, HistoryEvent, Timestamp};

/// A text an event holds (a payload as compact JSON, a state's name, an error): a range of its
/// execution's [`Store`]. The events that hold the same text (a state's output is the next
/// state's input) hold the same range, so it is written once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Text {
    start: usize,
    end: usize,
}

impl Text {
    /// Its length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }
}

/// What an execution's records point into: every text, one after the other in one buffer, and
/// the members of every event's details in one list. Records then hold ranges, and writing an
/// event allocates nothing of its own (allocating and freeing a few small blocks per event was
/// the largest cost of running a state).
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    texts: Vec<u8>,
    members: Vec<(&'static str, Detail)>,
    /// The members written so far that belong to an event; any after them were left by an
    /// event that was never written.
    members_kept: usize,
}

impl Store {
    /// The text of `text`.
    pub fn get(&self, text: Text) -> &str {
        // Only whole `str`s and JSON texts are written, so every range holds UTF-8.
        self.texts
            .get(text.start..text.end)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// Writes `text`.
    pub fn text(&mut self, text: &str) -> Text {
        let start = self.texts.len();
        self.texts.extend_from_slice(text.as_bytes());
        self.ended(start)
    }

    /// Writes `value` as compact JSON, as AWS writes payloads into events.
    pub fn json(&mut self, value: &Value) -> Text {
        let start = self.texts.len();
        // Writing a JSON value into a Vec cannot fail.
        serde_json::to_writer(&mut self.texts, value).unwrap_or_default();
        self.ended(start)
    }

    /// The text of an object with one member more than `object`'s: `object`'s text with
    /// `"key":value` added last, copied within the buffer. `None` when `object` is not the text
    /// of an object.
    pub fn with_member(&mut self, object: Text, key: &str, value: &Value) -> Option<Text> {
        let start = self.open_member(object, key)?;
        // Writing JSON into a Vec cannot fail.
        serde_json::to_writer(&mut self.texts, value).unwrap_or_default();
        self.texts.push(b'}');
        Some(self.ended(start))
    }

    /// [`Store::with_member`] for a value whose text is already written (`value`).
    pub fn with_member_text(&mut self, object: Text, key: &str, value: Text) -> Option<Text> {
        let start = self.open_member(object, key)?;
        self.texts.extend_from_within(value.start..value.end);
        self.texts.push(b'}');
        Some(self.ended(start))
    }

    /// Starts an object's text with one member more: `object`'s members, then `"key":`. Gives
    /// where it starts.
    fn open_member(&mut self, object: Text, key: &str) -> Option<usize> {
        let body = self.texts.get(object.start..object.end)?;
        if body.last() != Some(&b'}') {
            return None;
        }
        let empty = body.len() == 2;
        let start = self.texts.len();
        self.texts.extend_from_within(object.start..object.end - 1);
        if !empty {
            self.texts.push(b',');
        }
        serde_json::to_writer(&mut self.texts, key).unwrap_or_default();
        self.texts.push(b':');
        Some(start)
    }

    /// The text of a JSON array of the values whose texts are `items`, copied within the buffer.
    pub fn list(&mut self, items: &[Text]) -> Text {
        let start = self.texts.len();
        self.texts.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.texts.push(b',');
            }
            self.texts.extend_from_within(item.start..item.end);
        }
        self.texts.push(b']');
        self.ended(start)
    }

    fn ended(&self, start: usize) -> Text {
        Text {
            start,
            end: self.texts.len(),
        }
    }

    /// Starts the members of an event's details: add them with [`Store::member`], and hand
    /// the mark to the event.
    pub fn members_start(&mut self) -> usize {
        self.members.truncate(self.members_kept);
        self.members_kept
    }

    /// Makes room for `more` members.
    pub fn reserve_members(&mut self, more: usize) {
        self.members.reserve(more);
    }

    /// Adds a member to the details being written.
    pub fn member(&mut self, key: &'static str, value: Detail) {
        self.members.push((key, value));
    }

    /// Adds a payload to the details being written, as AWS writes one: its text under `key`,
    /// and `{"truncated": false}` under `details_key` (`input` and `inputDetails`).
    pub fn payload(&mut self, key: &'static str, details_key: &'static str, text: Text) {
        self.member(key, Detail::Text(text));
        self.member(details_key, Detail::NotTruncated);
    }

    /// A store with room for the texts and members of a few dozen events, which most
    /// executions write.
    fn with_room() -> Store {
        Store {
            texts: Vec::with_capacity(4096),
            members: Vec::with_capacity(32),
            members_kept: 0,
        }
    }

    /// Empties the store, keeping its room.
    fn clear(&mut self) {
        self.texts.clear();
        self.members.clear();
        self.members_kept = 0;
    }

    /// Whether members were added since `start`.
    pub fn has_members_since(&self, start: usize) -> bool {
        self.members.len() > start
    }

    /// The members added since `start`, now an event's.
    pub fn keep_members(&mut self, start: usize) -> Members {
        let start = start.min(self.members.len());
        self.members_kept = self.members.len();
        Members {
            start,
            end: self.members.len(),
        }
    }
}

/// The members of an event's details: a range of its execution's [`Store`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Members {
    start: usize,
    end: usize,
}

/// One event as the executor wrote it.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub id: u64,
    /// The `previousEventId`.
    pub previous: u64,
    /// Milliseconds since the epoch, on the execution's clock.
    pub time_ms: i64,
    pub body: Body,
}

/// What an event says.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// `{Type}StateEntered`: the state's name and its input.
    Entered {
        event_type: &'static str,
        name: Text,
        input: Text,
    },
    /// `{Type}StateExited`: the state's name, its output and the variables it assigned (as
    /// JSON texts).
    Exited {
        event_type: &'static str,
        name: Text,
        output: Text,
        /// Boxed: few states assign, and the records stay small.
        assigned: Option<Box<Map<String, Value>>>,
    },
    /// An event whose type and details member are known in advance (a task's events, a Map
    /// iteration's): the details' key and members, if it has any.
    Fields {
        event_type: &'static str,
        details: Option<(&'static str, Members)>,
    },
    /// Any other event, as it is read (boxed: it is rare, and the records stay small).
    Event(Box<HistoryEvent>),
}

/// A member of an event's details.
#[derive(Debug, Clone)]
pub(crate) enum Detail {
    /// A text (an input, an output, a name, a message), often shared with another event.
    Text(Text),
    /// `{"truncated": false}`.
    NotTruncated,
    Value(Value),
}

impl Detail {
    fn to_value(&self, store: &Store) -> Value {
        match self {
            Detail::Text(text) => Value::from(store.get(*text)),
            Detail::NotTruncated => not_truncated(),
            Detail::Value(value) => value.clone(),
        }
    }
}

/// `{"truncated": false}`, the `…Details` member of every payload the executor writes.
pub(crate) fn not_truncated() -> Value {
    let mut details = Map::with_capacity(1);
    details.insert("truncated".into(), Value::Bool(false));
    Value::Object(details)
}

impl Record {
    /// The event type (`PassStateEntered`, `TaskScheduled`, …).
    pub fn event_type(&self) -> &str {
        match &self.body {
            Body::Entered { event_type, .. }
            | Body::Exited { event_type, .. }
            | Body::Fields { event_type, .. } => event_type,
            Body::Event(event) => &event.event_type,
        }
    }

    /// The details member's key and fields; `store` holds their texts and members.
    fn details(&self, store: &Store) -> Option<(&str, Map<String, Value>)> {
        match &self.body {
            Body::Event(event) => event
                .details
                .as_ref()
                .map(|details| (details.key.as_str(), details.fields.clone())),
            Body::Fields { details, .. } => details.as_ref().map(|(key, members)| {
                let fields = store.members[members.start..members.end]
                    .iter()
                    .map(|(k, v)| ((*k).to_string(), v.to_value(store)))
                    .collect();
                (*key, fields)
            }),
            Body::Entered { name, input, .. } => {
                let mut fields = Map::with_capacity(3);
                fields.insert("name".into(), Value::from(store.get(*name)));
                fields.insert("input".into(), Value::from(store.get(*input)));
                fields.insert("inputDetails".into(), not_truncated());
                Some(("stateEnteredEventDetails", fields))
            }
            Body::Exited {
                name,
                output,
                assigned,
                ..
            } => {
                let mut fields = Map::with_capacity(if assigned.is_some() { 5 } else { 3 });
                fields.insert("name".into(), Value::from(store.get(*name)));
                fields.insert("output".into(), Value::from(store.get(*output)));
                fields.insert("outputDetails".into(), not_truncated());
                if let Some(assigned) = assigned {
                    fields.insert(
                        "assignedVariables".into(),
                        Value::Object((**assigned).clone()),
                    );
                    fields.insert("assignedVariablesDetails".into(), not_truncated());
                }
                Some(("stateExitedEventDetails", fields))
            }
        }
    }

    /// The event in the history's typed form; `store` holds its texts and members.
    pub fn to_event(&self, store: &Store) -> HistoryEvent {
        if let Body::Event(event) = &self.body {
            return (**event).clone();
        }
        let event = HistoryEvent::new(
            self.id,
            self.event_type(),
            Timestamp::from_millis(self.time_ms),
        )
        .after(self.previous);
        match self.details(store) {
            Some((key, fields)) => event.with_fields(key, fields),
            None => event,
        }
    }

    /// The event as the AWS CLI prints it, with an ISO 8601 timestamp: made from the record
    /// straight away, not through [`Record::to_event`] and a copy of its details.
    fn to_json(&self, store: &Store) -> Value {
        let mut object = Map::with_capacity(5);
        object.insert(
            "timestamp".into(),
            Value::String(crate::clock::format_iso(self.time_ms)),
        );
        object.insert("type".into(), Value::from(self.event_type()));
        object.insert("id".into(), Value::from(self.id));
        object.insert("previousEventId".into(), Value::from(self.previous));
        if let Some((key, fields)) = self.details(store) {
            object.insert(key.to_string(), Value::Object(fields));
        }
        Value::Object(object)
    }
}

/// Milliseconds since the Unix epoch of an event the executor wrote (on the execution's clock).
pub fn millis(event: &HistoryEvent) -> i64 {
    event.timestamp.millis().unwrap_or_default()
}

thread_local! {
    /// The emptied buffers of histories dropped on this thread, which the next executions on
    /// it write into: an execution then neither allocates its history nor grows it, and
    /// allocating a buffer of a few KiB is what makes glibc's allocator sort every small block
    /// freed since (most of an execution's allocations are small, and are freed together).
    static SPARE_BUFFERS: RefCell<Vec<(Vec<Record>, Store)>> = const { RefCell::new(Vec::new()) };
}

/// How many histories' buffers a thread keeps, and the largest it keeps: a Map over thousands
/// of items writes megabytes, which are given back rather than held.
const SPARE_COUNT: usize = 4;
const SPARE_BYTES: usize = 256 * 1024;

/// Buffers for an execution's records and texts: a dropped history's, or new ones with room for
/// a few dozen events.
pub(crate) fn buffers() -> (Vec<Record>, Store) {
    SPARE_BUFFERS
        .try_with(|spare| spare.borrow_mut().pop())
        .ok()
        .flatten()
        .unwrap_or_else(|| (Vec::with_capacity(64), Store::with_room()))
}

/// All events of an execution, in order.
#[derive(Clone, Default)]
pub struct History {
    records: Vec<Record>,
    store: Store,
    /// The records as events, made when the history is first read.
    events: OnceLock<Vec<HistoryEvent>>,
}

impl Drop for History {
    fn drop(&mut self) {
        let (mut records, mut store) = (
            std::mem::take(&mut self.records),
            std::mem::take(&mut self.store),
        );
        let bytes = records.capacity() * std::mem::size_of::<Record>()
            + store.texts.capacity()
            + store.members.capacity() * std::mem::size_of::<(&str, Detail)>();
        if records.capacity() == 0 || bytes > SPARE_BYTES {
            return;
        }
        records.clear();
        store.clear();
        // A thread that is ending has no use for them.
        let _ = SPARE_BUFFERS.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut()
                && spare.len() < SPARE_COUNT
            {
                spare.push((records, store));
            }
        });
    }
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.events()).finish()
    }
}

impl PartialEq for History {
    fn eq(&self, other: &History) -> bool {
        self.events() == other.events()
    }
}

impl History {
    pub(crate) fn from_records(records: Vec<Record>, store: Store) -> History {
        History {
            records,
            store,
            events: OnceLock::new(),
        }
    }

    /// The events, in order.
    pub fn events(&self) -> &[HistoryEvent] {
        self.events.get_or_init(|| {
            self.records
                .iter()
                .map(|record| record.to_event(&self.store))
                .collect()
        })
    }

    /// A text the events hold.
    pub(crate) fn text(&self, text: Text) -> &str {
        self.store.get(text)
    }

    /// When the last event happened, in milliseconds since the epoch.
    pub fn last_millis(&self) -> Option<i64> {
        self.records.last().map(|r| r.time_ms)
    }

    /// `{"events": [...]}`, the `get-execution-history` response.
    pub fn to_json(&self) -> Value {
        let events = self
            .records
            .iter()
            .map(|record| record.to_json(&self.store))
            .collect();
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
        let start = self.events().first().map_or(0, millis);
        let mut lines: Vec<(i64, String)> = Vec::new();
        for event in self.events() {
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
            events: self.events().to_vec(),
        }
    }

    /// The event types in order.
    pub fn event_types(&self) -> Vec<&str> {
        self.records.iter().map(Record::event_type).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn texts_are_written_as_serde_json_writes_them() {
        let values = [
            json!(null),
            json!({"a": [1, -2, 3.5, 1e300, 18446744073709551615u64, true, false, null]}),
            json!({"quote \" and \\ backslash": "tab\tnew\nline\u{1}", "ünï": "cödé ✓ /"}),
            json!([[], {}, "", [{"deep": [{"er": "x"}]}]]),
            json!("\u{7f} and \u{1f}"),
            json!([
                "12345678\"",
                "1234567\\8",
                "abcdefgh\u{0}ijklmnop",
                "abcdefghijklmnop",
                "é\u{80}"
            ]),
        ];
        let mut store = Store::default();
        for value in &values {
            let text = store.json(value);
            assert_eq!(store.get(text), serde_json::to_string(value).unwrap());
        }
        let object = store.json(&json!({"a": 1}));
        let value = json!("x\"y");
        let with = store.with_member(object, "k\n", &value).unwrap();
        assert_eq!(store.get(with), r#"{"a":1,"k\n":"x\"y"}"#);
        let items = [store.json(&json!(1)), store.json(&json!({"b": "c"}))];
        let list = store.list(&items);
        assert_eq!(store.get(list), r#"[1,{"b":"c"}]"#);
    }
}
