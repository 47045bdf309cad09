//! [`SnapshotStore`]: records in memory, written whole to a JSON file after every change and
//! read back when the store is opened again. It carries an endpoint's resources from one
//! short-lived process to the next (the `--local` commands of a program): state machines,
//! versions, aliases, activities, tags and executions with their histories. It does not make a
//! running execution survive its process; an execution is written when it starts and when it
//! ends, so one cut off mid-way stays `RUNNING`. Every change rewrites the whole file: it is
//! made for a program's few resources and runs, not for an endpoint under load.

use crate::store::{Kind, Store};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Why a snapshot file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read the endpoint state {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the endpoint state {path} is not a snapshot this version can read ({reason}); delete it to start afresh"
    )]
    Format { path: PathBuf, reason: String },
}

/// A [`Store`] kept in a JSON file (see the module documentation).
#[derive(Debug)]
pub struct SnapshotStore {
    path: PathBuf,
    /// The records by kind and key; held while the file is written, so the last change is
    /// the one on disk.
    records: Mutex<Records>,
    /// The first write error, reported by [`SnapshotStore::flush_error`].
    write_error: Mutex<Option<String>>,
}

const KINDS: [(Kind, &str); 6] = [
    (Kind::StateMachine, "stateMachines"),
    (Kind::Version, "versions"),
    (Kind::Alias, "aliases"),
    (Kind::Activity, "activities"),
    (Kind::Execution, "executions"),
    (Kind::Tags, "tags"),
];

type Records = BTreeMap<(Kind, String), Value>;

/// The format version written in every snapshot.
const FORMAT: u64 = 1;

impl SnapshotStore {
    /// Opens the snapshot at `path`, or an empty store that will create it on its first
    /// change (its folder too).
    ///
    /// # Errors
    ///
    /// The file exists but cannot be read, or is not a snapshot of this format.
    pub fn open(path: impl Into<PathBuf>) -> Result<SnapshotStore, SnapshotError> {
        let path = path.into();
        let records = match std::fs::read_to_string(&path) {
            Ok(text) => load(&path, &text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Records::new(),
            Err(source) => return Err(SnapshotError::Read { path, source }),
        };
        Ok(SnapshotStore {
            path,
            records: Mutex::new(records),
            write_error: Mutex::new(None),
        })
    }

    /// The file the store is kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The first error met writing the file, if any (the store keeps working in memory).
    pub fn flush_error(&self) -> Option<String> {
        self.write_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn records(&self) -> MutexGuard<'_, Records> {
        // Each change replaces or removes one value: a panic elsewhere leaves no half record.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes every record to a temporary file beside the snapshot, then renames it over the
    /// snapshot: a reader never sees half a file.
    fn write(&self, records: &Records) {
        let mut document = Map::new();
        document.insert("format".into(), Value::from(FORMAT));
        for (kind, name) in KINDS {
            let of_kind: Map<String, Value> = records
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .map(|((_, key), record)| (key.clone(), record.clone()))
                .collect();
            document.insert(name.into(), Value::Object(of_kind));
        }
        let text = Value::Object(document).to_string();
        let temporary = self.path.with_extension("json.tmp");
        let written = self
            .path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temporary, text))
            .and_then(|()| std::fs::rename(&temporary, &self.path));
        if let Err(e) = written {
            let mut first = self
                .write_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            first.get_or_insert_with(|| format!("cannot write {}: {e}", self.path.display()));
        }
    }
}

fn load(path: &Path, text: &str) -> Result<Records, SnapshotError> {
    let format_error = |reason: String| SnapshotError::Format {
        path: path.to_path_buf(),
        reason,
    };
    let document: Value =
        serde_json::from_str(text).map_err(|e| format_error(format!("not JSON: {e}")))?;
    match document.get("format").and_then(Value::as_u64) {
        Some(FORMAT) => {}
        Some(other) => return Err(format_error(format!("format {other}, not {FORMAT}"))),
        None => return Err(format_error("no format number".into())),
    }
    let mut records = Records::new();
    for (kind, name) in KINDS {
        let of_kind = document
            .get(name)
            .and_then(Value::as_object)
            .ok_or_else(|| format_error(format!("no `{name}` object")))?;
        for (key, record) in of_kind {
            records.insert((kind, key.clone()), record.clone());
        }
    }
    Ok(records)
}

impl Store for SnapshotStore {
    fn put(&self, kind: Kind, key: &str, record: Value) {
        let mut records = self.records();
        records.insert((kind, key.to_string()), record);
        self.write(&records);
    }

    fn get(&self, kind: Kind, key: &str) -> Option<Value> {
        self.records().get(&(kind, key.to_string())).cloned()
    }

    fn list(&self, kind: Kind) -> Vec<Value> {
        self.records()
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|(_, record)| record.clone())
            .collect()
    }

    fn delete(&self, kind: Kind, key: &str) {
        let mut records = self.records();
        if records.remove(&(kind, key.to_string())).is_some() {
            self.write(&records);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("workflow-snapshot-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("state").join("endpoint.json")
    }

    #[test]
    fn records_survive_a_reopen() {
        let path = scratch("reopen");
        let store = SnapshotStore::open(&path).unwrap();
        store.put(
            Kind::Activity,
            "arn:a",
            json!({"arn": "arn:a", "name": "a"}),
        );
        store.put(
            Kind::Activity,
            "arn:b",
            json!({"arn": "arn:b", "name": "b"}),
        );
        store.put(Kind::Tags, "arn:a", json!({"tags": {"k": "v"}}));
        store.delete(Kind::Activity, "arn:b");
        assert_eq!(store.flush_error(), None);

        let reopened = SnapshotStore::open(&path).unwrap();
        assert_eq!(
            reopened.list(Kind::Activity),
            vec![json!({"arn": "arn:a", "name": "a"})]
        );
        assert_eq!(
            reopened.get(Kind::Tags, "arn:a"),
            Some(json!({"tags": {"k": "v"}}))
        );
        std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).unwrap();
    }

    #[test]
    fn a_foreign_file_is_refused_with_its_path() {
        let path = scratch("foreign");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        for (text, reason) in [
            ("not json", "not JSON"),
            ("{}", "no format number"),
            (r#"{"format": 99}"#, "format 99"),
            (r#"{"format": 1}"#, "no `stateMachines` object"),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = SnapshotStore::open(&path).unwrap_err().to_string();
            assert!(err.contains(reason), "{text}: {err}");
            assert!(err.contains("endpoint.json"), "{err}");
        }
        std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).unwrap();
    }
}
