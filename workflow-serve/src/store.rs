//! Where the endpoint keeps its resources: state machines, versions, aliases, activities,
//! executions (with their histories) and tags, as JSON records by kind and key. [`MemoryStore`]
//! keeps them for the life of the process; another [`Store`] (a database file) can keep them
//! across restarts without the API code changing.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The kinds of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    StateMachine,
    Version,
    Alias,
    Activity,
    Execution,
    /// The tags of a resource, keyed by the resource's ARN.
    Tags,
    /// An activity task waiting for its worker's answer, keyed by its execution and the event
    /// that started it: a restarted endpoint hands the task out again under the same token.
    Task,
}

impl Kind {
    /// Every kind, with the name a store file calls it by.
    pub const ALL: [(Kind, &'static str); 7] = [
        (Kind::StateMachine, "stateMachines"),
        (Kind::Version, "versions"),
        (Kind::Alias, "aliases"),
        (Kind::Activity, "activities"),
        (Kind::Execution, "executions"),
        (Kind::Tags, "tags"),
        (Kind::Task, "tasks"),
    ];

    /// The name a store file calls this kind by.
    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("records", |(_, name)| name)
    }
}

/// A keyed store of JSON records. Each call is atomic; callers that read, change and write a
/// record hold their own lock around it.
pub trait Store: Send + Sync + std::fmt::Debug {
    fn put(&self, kind: Kind, key: &str, record: Value);
    fn get(&self, kind: Kind, key: &str) -> Option<Value>;
    /// Every record of a kind, in key order.
    fn list(&self, kind: Kind) -> Vec<Value>;
    fn delete(&self, kind: Kind, key: &str);

    /// Whether the records outlive the process: an endpoint that starts on such a store
    /// resumes the executions it finds running.
    fn is_durable(&self) -> bool {
        false
    }

    /// Appends `event` to the history of the running execution `execution`, as it is written,
    /// so that a durable store loses no event when the process ends. A store that does not
    /// outlive the process need not keep them (the endpoint holds them in memory too).
    fn append_event(&self, _execution: &str, _event: &Value) {}

    /// The events appended for `execution`, in order.
    fn events(&self, _execution: &str) -> Vec<Value> {
        Vec::new()
    }

    /// Forgets the appended events of an execution that ended: its record holds its history.
    fn clear_events(&self, _execution: &str) {}
}

/// Typed access over any [`Store`].
pub(crate) trait StoreExt {
    fn load<T: DeserializeOwned>(&self, kind: Kind, key: &str) -> Option<T>;
    fn load_all<T: DeserializeOwned>(&self, kind: Kind) -> Vec<T>;
    fn save<T: Serialize>(&self, kind: Kind, key: &str, record: &T);
}

impl<S: Store + ?Sized> StoreExt for S {
    fn load<T: DeserializeOwned>(&self, kind: Kind, key: &str) -> Option<T> {
        self.get(kind, key)
            .and_then(|v| serde_json::from_value(v).ok())
    }

    fn load_all<T: DeserializeOwned>(&self, kind: Kind) -> Vec<T> {
        self.list(kind)
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect()
    }

    fn save<T: Serialize>(&self, kind: Kind, key: &str, record: &T) {
        // The records are plain structs of strings and numbers: they always serialize.
        if let Ok(value) = serde_json::to_value(record) {
            self.put(kind, key, value);
        }
    }
}

/// Records in memory, lost when the process ends.
#[derive(Debug, Default)]
pub struct MemoryStore {
    records: Mutex<BTreeMap<(Kind, String), Value>>,
}

impl MemoryStore {
    fn records(&self) -> std::sync::MutexGuard<'_, BTreeMap<(Kind, String), Value>> {
        // A panic elsewhere cannot leave a half-written record: each call replaces one value.
        self.records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Store for MemoryStore {
    fn put(&self, kind: Kind, key: &str, record: Value) {
        self.records().insert((kind, key.to_string()), record);
    }

    fn get(&self, kind: Kind, key: &str) -> Option<Value> {
        self.records().get(&(kind, key.to_string())).cloned()
    }

    fn list(&self, kind: Kind) -> Vec<Value> {
        self.records()
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn delete(&self, kind: Kind, key: &str) {
        self.records().remove(&(kind, key.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_are_kept_by_kind_and_key() {
        let store = MemoryStore::default();
        store.put(Kind::Activity, "b", json!({"n": 2}));
        store.put(Kind::Activity, "a", json!({"n": 1}));
        store.put(Kind::Execution, "a", json!({"n": 3}));
        assert_eq!(
            store.list(Kind::Activity),
            vec![json!({"n": 1}), json!({"n": 2})]
        );
        store.delete(Kind::Activity, "a");
        assert_eq!(store.get(Kind::Activity, "a"), None);
        assert_eq!(store.get(Kind::Execution, "a"), Some(json!({"n": 3})));
    }
}
