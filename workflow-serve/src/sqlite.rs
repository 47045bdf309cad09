//! [`SqliteStore`]: the endpoint's records in an SQLite database file (`workflow serve --store
//! FILE`), so that they outlive the process: state machines, versions, aliases, activities,
//! tags, executions, every event of a running execution as it is written, and the activity
//! tasks waiting for workers. A server killed mid-execution and started again on the same file
//! resumes its running executions where they were (see `Service::resume`).
//!
//! The file is in WAL mode with `synchronous = NORMAL`: a write that returned is on disk when
//! the process dies (only a crash of the machine itself may lose the last ones). One endpoint
//! holds the file at a time (`locking_mode = EXCLUSIVE`); a second one is refused.

use crate::store::{Kind, Store};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The schema this version writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// Why a store file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error(
        "the store {path} is in use by another endpoint (one endpoint holds a store at a time)"
    )]
    Locked { path: PathBuf },
    #[error(
        "the store {path} was written by a newer version (schema {found}, this version reads up to {SCHEMA_VERSION})"
    )]
    Newer { path: PathBuf, found: i64 },
}

/// A [`Store`] in an SQLite file (see the module documentation).
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    connection: Mutex<Connection>,
    /// The first write that failed, for [`SqliteStore::write_error`].
    write_error: Mutex<Option<String>>,
}

impl SqliteStore {
    /// Opens the store at `path`, creating the file (not its folder) and its tables if they do
    /// not exist.
    ///
    /// # Errors
    ///
    /// The file is not an SQLite database, another endpoint holds it, or a newer version wrote
    /// it.
    pub fn open(path: impl Into<PathBuf>) -> Result<SqliteStore, StoreError> {
        let path = path.into();
        let open_error = |e: rusqlite::Error| classify(&path, e);
        let connection = Connection::open(&path).map_err(open_error)?;
        // Take the file for this endpoint, and read it: a file that is no database fails here.
        connection
            .pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(open_error)?;
        let mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(open_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path,
                reason: format!("the journal mode stays {mode}"),
            });
        }
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_error)?;
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(open_error)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found: version,
            });
        }
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS records (
                     kind TEXT NOT NULL, key TEXT NOT NULL, record TEXT NOT NULL,
                     PRIMARY KEY (kind, key));
                 CREATE TABLE IF NOT EXISTS events (
                     execution TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL,
                     PRIMARY KEY (execution, seq));",
            )
            .and_then(|()| connection.pragma_update(None, "user_version", SCHEMA_VERSION))
            .map_err(open_error)?;
        Ok(SqliteStore {
            path,
            connection: Mutex::new(connection),
            write_error: Mutex::new(None),
        })
    }

    /// The file the store is kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // Each call is one statement: a panic elsewhere leaves no half-done change.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The first write that failed, if any: the endpoint went on, but the file lacks it.
    pub fn write_error(&self) -> Option<String> {
        self.write_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A failed write is said, not swallowed: the endpoint goes on, but the file lacks it.
    fn report(&self, what: &str, result: rusqlite::Result<usize>) {
        if let Err(e) = result {
            let message = format!("the store {} could not {what}: {e}", self.path.display());
            eprintln!("error: {message}");
            self.write_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_or_insert(message);
        }
    }
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Locked {
                path: path.to_path_buf(),
            }
        }
        _ => StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    }
}

impl Store for SqliteStore {
    fn put(&self, kind: Kind, key: &str, record: Value) {
        let result = self.connection().execute(
            "INSERT INTO records (kind, key, record) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, key) DO UPDATE SET record = excluded.record",
            params![kind.name(), key, record.to_string()],
        );
        self.report("write a record", result);
    }

    fn get(&self, kind: Kind, key: &str) -> Option<Value> {
        let text: Option<String> = self
            .connection()
            .query_row(
                "SELECT record FROM records WHERE kind = ?1 AND key = ?2",
                params![kind.name(), key],
                |row| row.get(0),
            )
            .optional()
            .unwrap_or(None);
        text.and_then(|t| serde_json::from_str(&t).ok())
    }

    fn list(&self, kind: Kind) -> Vec<Value> {
        let connection = self.connection();
        let Ok(mut statement) =
            connection.prepare("SELECT record FROM records WHERE kind = ?1 ORDER BY key")
        else {
            return Vec::new();
        };
        statement
            .query_map(params![kind.name()], |row| row.get::<_, String>(0))
            .map(|rows| {
                rows.filter_map(Result::ok)
                    .filter_map(|t| serde_json::from_str(&t).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn delete(&self, kind: Kind, key: &str) {
        let result = self.connection().execute(
            "DELETE FROM records WHERE kind = ?1 AND key = ?2",
            params![kind.name(), key],
        );
        self.report("delete a record", result);
    }

    fn is_durable(&self) -> bool {
        true
    }

    fn append_event(&self, execution: &str, event: &Value) {
        let seq = event.get("id").and_then(Value::as_i64).unwrap_or(0);
        let result = self.connection().execute(
            "INSERT OR REPLACE INTO events (execution, seq, event) VALUES (?1, ?2, ?3)",
            params![execution, seq, event.to_string()],
        );
        self.report("write an event", result);
    }

    fn events(&self, execution: &str) -> Vec<Value> {
        let connection = self.connection();
        let Ok(mut statement) =
            connection.prepare("SELECT event FROM events WHERE execution = ?1 ORDER BY seq")
        else {
            return Vec::new();
        };
        statement
            .query_map(params![execution], |row| row.get::<_, String>(0))
            .map(|rows| {
                rows.filter_map(Result::ok)
                    .filter_map(|t| serde_json::from_str(&t).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn clear_events(&self, execution: &str) {
        let result = self.connection().execute(
            "DELETE FROM events WHERE execution = ?1",
            params![execution],
        );
        self.report("forget the events of an execution that ended", result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("workflow-sqlite-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        let _ = std::fs::remove_file(&path);
        path
    }

    #[test]
    fn records_and_events_outlive_the_store() {
        let path = temp("outlive.db");
        {
            let store = SqliteStore::open(&path).unwrap();
            store.put(Kind::Activity, "b", json!({"n": 2}));
            store.put(Kind::Activity, "a", json!({"n": 1}));
            store.put(Kind::Activity, "a", json!({"n": 3}));
            store.put(Kind::Execution, "a", json!({"n": 4}));
            store.append_event("e", &json!({"id": 2, "type": "B"}));
            store.append_event("e", &json!({"id": 1, "type": "A"}));
        }
        let store = SqliteStore::open(&path).unwrap();
        assert!(store.is_durable());
        assert_eq!(
            store.list(Kind::Activity),
            [json!({"n": 3}), json!({"n": 2})]
        );
        assert_eq!(store.get(Kind::Execution, "a"), Some(json!({"n": 4})));
        assert_eq!(
            store.events("e"),
            [json!({"id": 1, "type": "A"}), json!({"id": 2, "type": "B"})]
        );
        store.clear_events("e");
        store.delete(Kind::Activity, "a");
        assert!(store.events("e").is_empty());
        assert_eq!(store.get(Kind::Activity, "a"), None);
    }

    #[test]
    fn a_file_in_use_or_not_a_store_is_refused() {
        let path = temp("held.db");
        let held = SqliteStore::open(&path).unwrap();
        held.put(Kind::Activity, "a", json!({}));
        let second = SqliteStore::open(&path).unwrap_err();
        assert!(matches!(second, StoreError::Locked { .. }), "{second}");
        assert!(second.to_string().contains("in use by another endpoint"));
        drop(held);

        let junk = temp("junk.db");
        std::fs::write(
            &junk,
            "this is not a database, just some text that is long enough",
        )
        .unwrap();
        let e = SqliteStore::open(&junk).unwrap_err();
        assert!(matches!(e, StoreError::Open { .. }), "{e}");

        let newer = temp("newer.db");
        {
            let c = Connection::open(&newer).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let e = SqliteStore::open(&newer).unwrap_err();
        assert!(e.to_string().contains("newer version"), "{e}");
    }
}
