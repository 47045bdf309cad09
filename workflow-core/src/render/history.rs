//! What happened to each state of an execution, read from its [`ExecutionHistory`] (the
//! `GetExecutionHistory` events of [`crate::history`]): the status each state is coloured by.
//!
//! Events that do not name their state (`TaskFailed`, `TaskSucceeded`, `ExecutionFailed`, …)
//! belong to the state entered last on their `previousEventId` chain, which keeps concurrent
//! Parallel branches and Map iterations apart; without ids, to the state entered last.
//!
//! ```
//! use workflow_core::render::history::{ExecutionHistory, Status};
//!
//! let history = ExecutionHistory::from_json(r#"{"events": [
//!   {"timestamp": 1700000000, "type": "ExecutionStarted", "id": 1},
//!   {"timestamp": 1700000000.5, "type": "TaskStateEntered", "id": 2, "previousEventId": 1,
//!    "stateEnteredEventDetails": {"name": "Charge", "input": "{}"}},
//!   {"timestamp": "2023-11-14T22:13:21Z", "type": "TaskFailed", "id": 3, "previousEventId": 2,
//!    "taskFailedEventDetails": {"error": "Card.Declined"}},
//!   {"timestamp": "2023-11-14T22:13:22Z", "type": "ExecutionFailed", "id": 4, "previousEventId": 3}
//! ]}"#).unwrap();
//! let charge = &history.states()["Charge"];
//! assert_eq!(charge.status, Status::Failed);
//! assert_eq!(charge.visits[0].error.as_deref(), Some("Card.Declined"));
//! ```

use std::collections::{BTreeMap, HashMap};

pub use crate::history::{EventDetails, ExecutionHistory, HistoryError, HistoryEvent, Timestamp};

/// What happened to a state, the colour it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Exited on the first attempt.
    Succeeded,
    /// Exited after one or more failed attempts that a retrier took.
    Retried,
    /// Its last attempt failed and a catcher took the error.
    Caught,
    /// Failed (or is a Fail state that was reached), and nothing took the error.
    Failed,
    /// Entered and not exited, in an execution still running.
    Running,
    /// Entered and not exited, in an execution that ended (a sibling branch failed, the
    /// execution was stopped).
    Aborted,
    /// Never entered.
    NotReached,
}

impl Status {
    /// Every status, in legend order.
    pub const ALL: [Status; 7] = [
        Status::Succeeded,
        Status::Retried,
        Status::Caught,
        Status::Failed,
        Status::Running,
        Status::Aborted,
        Status::NotReached,
    ];

    /// The CSS class and legend word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "succeeded",
            Status::Retried => "retried",
            Status::Caught => "caught",
            Status::Failed => "failed",
            Status::Running => "running",
            Status::Aborted => "aborted",
            Status::NotReached => "not-reached",
        }
    }

    /// Fill and stroke colours.
    pub fn colors(self) -> (&'static str, &'static str) {
        match self {
            Status::Succeeded => ("#d9f2dc", "#2e7d32"),
            Status::Retried => ("#fff1c2", "#b7791f"),
            Status::Caught => ("#fde2c8", "#c05621"),
            Status::Failed => ("#fbd5d5", "#c53030"),
            Status::Running => ("#d6e8fb", "#2b6cb0"),
            Status::Aborted => ("#e9e4f5", "#6b46c1"),
            Status::NotReached => ("#f4f4f5", "#a1a1aa"),
        }
    }
}

/// One entry into a state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Visit {
    pub entered: Option<Timestamp>,
    pub exited: Option<Timestamp>,
    pub input: Option<String>,
    pub output: Option<String>,
    /// The last error and cause reported for the state.
    pub error: Option<String>,
    pub cause: Option<String>,
    /// Failed attempts (task failures, timeouts, failed Parallel/Map runs).
    pub failures: usize,
    /// The last attempt failed.
    pub last_failed: bool,
    /// The execution ended in this state (a Fail state, an error nothing caught).
    pub ended_execution: bool,
}

/// A visit while the history is read: state name, the entry event's type prefix (`Task`,
/// `Parallel`, …), the visit, and whether it was exited.
type VisitRecord = (String, String, Visit, bool);

/// What happened to one state over the whole execution.
#[derive(Debug, Clone, PartialEq)]
pub struct StateRun {
    /// The status of its last visit.
    pub status: Status,
    /// Failed attempts a retrier took, over all visits.
    pub retries: usize,
    pub visits: Vec<Visit>,
}

impl ExecutionHistory {
    /// Whether the execution has ended (succeeded, failed, timed out or was aborted).
    pub fn ended(&self) -> bool {
        self.events.iter().any(|e| {
            matches!(
                e.event_type.as_str(),
                "ExecutionSucceeded" | "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted"
            )
        })
    }

    /// What happened to each state that was entered, by name.
    pub fn states(&self) -> BTreeMap<String, StateRun> {
        let (visits, _) = self.analyse();
        let ended = self.ended();
        let mut states: BTreeMap<String, StateRun> = BTreeMap::new();
        for (name, prefix, visit, exited) in visits {
            let status = if exited {
                if visit.last_failed {
                    Status::Caught
                } else if visit.failures > 0 {
                    Status::Retried
                } else {
                    Status::Succeeded
                }
            } else if visit.failures > 0 || visit.ended_execution || prefix == "Fail" {
                Status::Failed
            } else if ended {
                Status::Aborted
            } else {
                Status::Running
            };
            let retries = visit.failures - usize::from(visit.last_failed);
            let run = states.entry(name).or_insert(StateRun {
                status,
                retries: 0,
                visits: Vec::new(),
            });
            run.status = status;
            run.retries += retries;
            run.visits.push(visit);
        }
        states
    }

    /// The name of the state each event belongs to (entered, exited, or found on its
    /// `previousEventId` chain), in event order; `None` for execution-level events.
    pub fn event_states(&self) -> Vec<Option<String>> {
        let (visits, owners) = self.analyse();
        owners
            .into_iter()
            .map(|owner| owner.map(|v| visits[v].0.clone()))
            .collect()
    }

    /// Every visit in order of entry, and the visit each event belongs to.
    fn analyse(&self) -> (Vec<VisitRecord>, Vec<Option<usize>>) {
        let mut visits: Vec<VisitRecord> = Vec::new();
        let mut visit_of_event: HashMap<u64, usize> = HashMap::new();
        let mut by_id: HashMap<u64, usize> = HashMap::new();
        for (i, e) in self.events.iter().enumerate() {
            by_id.entry(e.id).or_insert(i);
        }
        let mut owners: Vec<Option<usize>> = Vec::with_capacity(self.events.len());
        for event in &self.events {
            let ty = event.event_type.as_str();
            if let (Some(name), Some(prefix)) =
                (event.state_name(), ty.strip_suffix("StateEntered"))
            {
                visit_of_event.insert(event.id, visits.len());
                owners.push(Some(visits.len()));
                visits.push((
                    name.to_string(),
                    prefix.to_string(),
                    Visit {
                        entered: Some(event.timestamp.clone()),
                        input: event.detail("input").map(str::to_string),
                        ..Visit::default()
                    },
                    false,
                ));
                continue;
            }
            if let (Some(name), true) = (event.state_name(), ty.ends_with("StateExited")) {
                // The open visit of that state entered last.
                let open = visits.iter().rposition(|v| v.0 == name && !v.3);
                if let Some(v) = open.map(|i| &mut visits[i]) {
                    v.2.exited = Some(event.timestamp.clone());
                    v.2.output = event.detail("output").map(str::to_string);
                    v.3 = true;
                }
                owners.push(open);
                continue;
            }
            let failure = (ty.ends_with("Failed") || ty.ends_with("TimedOut"))
                && !ty.starts_with("MapIteration")
                && !ty.starts_with("ParallelBranch")
                && !ty.starts_with("MapRun");
            let success = ty.ends_with("Succeeded")
                && !ty.starts_with("Execution")
                && !ty.starts_with("MapIteration")
                && !ty.starts_with("ParallelBranch")
                && !ty.starts_with("MapRun");
            let ends = matches!(
                ty,
                "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted"
            );
            if ty.starts_with("Execution") && !ends {
                owners.push(None);
                continue;
            }
            // Parallel…/Map… events belong to a Parallel/Map state.
            let prefix = ["Parallel", "Map"].into_iter().find(|p| ty.starts_with(p));
            let owner = self
                .owner(event, &by_id, &visit_of_event, &visits, prefix)
                .or_else(|| {
                    visits
                        .iter()
                        .rposition(|v| !v.3 && prefix.is_none_or(|p| v.1 == p))
                });
            owners.push(owner);
            let Some(owner) = owner.filter(|_| failure || success) else {
                continue;
            };
            let visit = &mut visits[owner].2;
            if let Some(e) = event.detail("error") {
                visit.error = Some(e.to_string());
            }
            if let Some(c) = event.detail("cause") {
                visit.cause = Some(c.to_string());
            }
            if ends {
                visit.ended_execution = true;
            } else if failure {
                visit.failures += 1;
                visit.last_failed = true;
            } else {
                visit.last_failed = false;
            }
        }
        (visits, owners)
    }

    /// The visit an event belongs to: the nearest entered state on its `previousEventId` chain
    /// (of type `prefix`, still open, when given).
    fn owner(
        &self,
        event: &HistoryEvent,
        by_id: &HashMap<u64, usize>,
        visit_of_event: &HashMap<u64, usize>,
        visits: &[VisitRecord],
        prefix: Option<&str>,
    ) -> Option<usize> {
        let mut next = event.previous_event_id;
        // Each step moves to another event; a malformed history cannot loop forever.
        for _ in 0..self.events.len() {
            let id = next?;
            if let Some(&v) = visit_of_event.get(&id) {
                let (_, p, _, exited) = &visits[v];
                if prefix.is_none_or(|want| want == p && !exited) {
                    return Some(v);
                }
            }
            next = self.events.get(*by_id.get(&id)?)?.previous_event_id;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: u64, prev: Option<u64>, ty: &str, details: &str) -> String {
        let prev = prev
            .map(|p| format!(r#""previousEventId":{p},"#))
            .unwrap_or_default();
        let details = if details.is_empty() {
            String::new()
        } else {
            format!(",{details}")
        };
        format!(
            r#"{{"timestamp":{},"type":"{ty}","id":{id},{prev}"x":0{details}}}"#,
            1_700_000_000 + id
        )
    }

    fn entered(id: u64, prev: u64, ty: &str, name: &str) -> String {
        ev(
            id,
            Some(prev),
            &format!("{ty}StateEntered"),
            &format!(r#""stateEnteredEventDetails":{{"name":"{name}","input":"{{}}"}}"#),
        )
    }

    fn exited(id: u64, prev: u64, ty: &str, name: &str) -> String {
        ev(
            id,
            Some(prev),
            &format!("{ty}StateExited"),
            &format!(r#""stateExitedEventDetails":{{"name":"{name}","output":"{{\"ok\":1}}"}}"#),
        )
    }

    fn history(events: &[String]) -> ExecutionHistory {
        ExecutionHistory::from_json(&format!(r#"{{"events":[{}]}}"#, events.join(","))).unwrap()
    }

    #[test]
    fn statuses_from_a_history() {
        let h = history(&[
            ev(1, None, "ExecutionStarted", ""),
            entered(2, 1, "Task", "Retried"),
            ev(3, Some(2), "TaskScheduled", ""),
            ev(
                4,
                Some(3),
                "TaskFailed",
                r#""taskFailedEventDetails":{"error":"Boom"}"#,
            ),
            ev(5, Some(4), "TaskScheduled", ""),
            ev(6, Some(5), "TaskSucceeded", ""),
            exited(7, 6, "Task", "Retried"),
            entered(8, 7, "Task", "Caught"),
            ev(
                9,
                Some(8),
                "TaskFailed",
                r#""taskFailedEventDetails":{"error":"Nope","cause":"because"}"#,
            ),
            exited(10, 9, "Task", "Caught"),
            entered(11, 10, "Pass", "Handler"),
            exited(12, 11, "Pass", "Handler"),
            entered(13, 12, "Task", "Broken"),
            ev(
                14,
                Some(13),
                "TaskFailed",
                r#""taskFailedEventDetails":{"error":"Fatal"}"#,
            ),
            ev(
                15,
                Some(14),
                "ExecutionFailed",
                r#""executionFailedEventDetails":{"error":"Fatal"}"#,
            ),
        ]);
        let s = h.states();
        assert_eq!(s["Retried"].status, Status::Retried);
        assert_eq!(s["Retried"].retries, 1);
        assert_eq!(s["Retried"].visits[0].output.as_deref(), Some("{\"ok\":1}"));
        assert_eq!(s["Caught"].status, Status::Caught);
        assert_eq!(s["Caught"].retries, 0);
        assert_eq!(s["Caught"].visits[0].cause.as_deref(), Some("because"));
        assert_eq!(s["Handler"].status, Status::Succeeded);
        assert_eq!(s["Broken"].status, Status::Failed);
        assert!(!s.contains_key("Never"));
        let owners = h.event_states();
        assert_eq!(owners.len(), 15);
        assert_eq!(owners[0], None);
        assert_eq!(
            owners[3].as_deref(),
            Some("Retried"),
            "TaskFailed of the first visit"
        );
        assert_eq!(owners[8].as_deref(), Some("Caught"));
        assert_eq!(owners[14].as_deref(), Some("Broken"), "ExecutionFailed");
    }

    #[test]
    fn parallel_branches_are_kept_apart_by_previous_event_ids() {
        let h = history(&[
            ev(1, None, "ExecutionStarted", ""),
            entered(2, 1, "Parallel", "P"),
            ev(3, Some(2), "ParallelStateStarted", ""),
            entered(4, 3, "Task", "A"),
            entered(5, 3, "Task", "B"),
            ev(6, Some(4), "TaskScheduled", ""),
            ev(7, Some(5), "TaskScheduled", ""),
            ev(
                8,
                Some(6),
                "TaskFailed",
                r#""taskFailedEventDetails":{"error":"E"}"#,
            ),
            ev(9, Some(8), "ParallelStateFailed", ""),
        ]);
        let s = h.states();
        assert_eq!(s["A"].status, Status::Failed);
        assert_eq!(s["B"].status, Status::Running);
        assert_eq!(s["P"].status, Status::Failed);
    }
}
