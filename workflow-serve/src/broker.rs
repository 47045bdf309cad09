//! Tasks that wait for a worker: activity tasks queued for `GetActivityTask`, and the task
//! tokens of activities and `.waitForTaskToken` tasks, answered with `SendTaskSuccess`,
//! `SendTaskFailure` and kept alive with `SendTaskHeartbeat`. An execution's thread blocks in
//! [`Broker::wait`] until its token is answered, its heartbeat or timeout passes, or the
//! execution is stopped.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use workflow_local::TaskOutcome;

/// A task handed to an activity worker.
#[derive(Debug, Clone)]
pub struct ActivityTask {
    pub token: String,
    pub input: String,
}

/// A token that waits for its answer.
#[derive(Debug)]
struct OpenTask {
    execution_arn: String,
    answer: Option<TaskOutcome>,
    /// When the worker last showed it is alive; `None` until a worker took the task.
    last_beat: Option<Instant>,
    heartbeat: Option<Duration>,
    deadline: Option<Instant>,
}

#[derive(Debug, Default)]
struct State {
    queues: HashMap<String, VecDeque<ActivityTask>>,
    open: HashMap<String, OpenTask>,
    /// Tokens whose task timed out: answering them is `TaskTimedOut`.
    timed_out: HashSet<String>,
    /// Executions stopped while their tasks waited.
    stopped: HashSet<String>,
}

/// Why an answer to a token is refused, with AWS's error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    TaskDoesNotExist,
    TaskTimedOut,
}

/// The tasks waiting for workers.
#[derive(Debug, Default)]
pub struct Broker {
    state: Mutex<State>,
    /// Signalled when an activity task is queued.
    queued: Condvar,
    /// Signalled when a token is answered, beats or its execution stops.
    changed: Condvar,
}

impl Broker {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Opens `token` for `execution_arn`; with `activity`, queues it for that activity's
    /// workers with `input`.
    pub fn open(
        &self,
        execution_arn: &str,
        token: &str,
        activity: Option<(&str, String)>,
        heartbeat: Option<Duration>,
        timeout: Option<Duration>,
    ) {
        let mut state = self.state();
        state.open.insert(
            token.to_string(),
            OpenTask {
                execution_arn: execution_arn.to_string(),
                answer: None,
                // A callback token is handed out at once; an activity task when a worker
                // takes it.
                last_beat: activity.is_none().then(Instant::now),
                heartbeat,
                deadline: timeout.map(|t| Instant::now() + t),
            },
        );
        if let Some((arn, input)) = activity {
            state
                .queues
                .entry(arn.to_string())
                .or_default()
                .push_back(ActivityTask {
                    token: token.to_string(),
                    input,
                });
            self.queued.notify_all();
        }
    }

    /// Blocks until `token` is answered, its heartbeat or timeout passes, or its execution is
    /// stopped (then `None`).
    pub fn wait(&self, token: &str) -> Option<TaskOutcome> {
        let mut guard = self.state();
        loop {
            let state = &mut *guard;
            let task = state.open.get_mut(token)?;
            if state.stopped.contains(&task.execution_arn) {
                state.open.remove(token);
                return None;
            }
            if let Some(answer) = task.answer.take() {
                state.open.remove(token);
                return Some(answer);
            }
            let now = Instant::now();
            let heartbeat_due = match (task.last_beat, task.heartbeat) {
                (Some(beat), Some(every)) => Some(beat + every),
                _ => None,
            };
            let expired = [
                (heartbeat_due, TaskOutcome::HeartbeatTimeout),
                (task.deadline, TaskOutcome::Timeout),
            ]
            .into_iter()
            .filter_map(|(due, outcome)| due.map(|d| (d, outcome)))
            .min_by_key(|(due, _)| *due);
            if let Some((due, outcome)) = &expired
                && *due <= now
            {
                let outcome = outcome.clone();
                state.open.remove(token);
                state.timed_out.insert(token.to_string());
                for queue in state.queues.values_mut() {
                    queue.retain(|t| t.token != token);
                }
                return Some(outcome);
            }
            let pause = expired.map_or(Duration::from_secs(3600), |(due, _)| due - now);
            guard = self
                .changed
                .wait_timeout(guard, pause)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Takes the next task of `activity_arn`, waiting up to `wait` for one.
    pub fn poll(&self, activity_arn: &str, wait: Duration) -> Option<ActivityTask> {
        let until = Instant::now() + wait;
        let mut state = self.state();
        loop {
            if let Some(task) = state
                .queues
                .get_mut(activity_arn)
                .and_then(VecDeque::pop_front)
            {
                if let Some(open) = state.open.get_mut(&task.token) {
                    open.last_beat = Some(Instant::now());
                    // The heartbeat clock starts now: the waiting execution must know.
                    self.changed.notify_all();
                    return Some(task);
                }
                // Its execution stopped or it timed out while queued.
                continue;
            }
            let now = Instant::now();
            if now >= until {
                return None;
            }
            state = self
                .queued
                .wait_timeout(state, until - now)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Answers `token` (`SendTaskSuccess`, `SendTaskFailure`).
    pub fn answer(&self, token: &str, outcome: TaskOutcome) -> Result<(), TokenError> {
        let mut state = self.state();
        let refused = Self::refusal(&state, token);
        match state.open.get_mut(token) {
            Some(task) if task.answer.is_none() => {
                task.answer = Some(outcome);
                self.changed.notify_all();
                Ok(())
            }
            _ => Err(refused),
        }
    }

    /// Records a heartbeat for `token` (`SendTaskHeartbeat`).
    pub fn beat(&self, token: &str) -> Result<(), TokenError> {
        let mut state = self.state();
        let refused = Self::refusal(&state, token);
        match state.open.get_mut(token) {
            Some(task) => {
                task.last_beat = Some(Instant::now());
                self.changed.notify_all();
                Ok(())
            }
            None => Err(refused),
        }
    }

    fn refusal(state: &State, token: &str) -> TokenError {
        if state.timed_out.contains(token) {
            TokenError::TaskTimedOut
        } else {
            TokenError::TaskDoesNotExist
        }
    }

    /// Wakes the tasks of a stopped execution, which then end without an answer.
    pub fn stop_execution(&self, execution_arn: &str) {
        let mut state = self.state();
        state.stopped.insert(execution_arn.to_string());
        let tokens: HashSet<String> = state
            .open
            .iter()
            .filter(|(_, t)| t.execution_arn == execution_arn)
            .map(|(token, _)| token.clone())
            .collect();
        for queue in state.queues.values_mut() {
            queue.retain(|t| !tokens.contains(&t.token));
        }
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn success(output: serde_json::Value) -> TaskOutcome {
        TaskOutcome::Return(output)
    }
    use std::sync::Arc;

    #[test]
    fn a_queued_activity_task_is_answered_by_its_worker() {
        let broker = Arc::new(Broker::default());
        broker.open("e1", "t1", Some(("a1", "{}".into())), None, None);
        let worker = {
            let broker = Arc::clone(&broker);
            std::thread::spawn(move || {
                let task = broker.poll("a1", Duration::from_secs(5)).expect("a task");
                broker.answer(&task.token, success(json!({"ok": true})))
            })
        };
        assert_eq!(broker.wait("t1"), Some(success(json!({"ok": true}))));
        assert_eq!(worker.join().unwrap(), Ok(()));
        assert_eq!(
            broker.answer("t1", success(json!(1))),
            Err(TokenError::TaskDoesNotExist)
        );
    }

    #[test]
    fn a_silent_worker_times_out_on_its_heartbeat() {
        let broker = Broker::default();
        broker.open("e1", "t1", None, Some(Duration::from_millis(50)), None);
        assert_eq!(broker.wait("t1"), Some(TaskOutcome::HeartbeatTimeout));
        assert_eq!(broker.beat("t1"), Err(TokenError::TaskTimedOut));
    }

    #[test]
    fn a_taken_task_whose_worker_goes_silent_times_out_on_its_heartbeat() {
        let broker = Arc::new(Broker::default());
        broker.open(
            "e1",
            "t1",
            Some(("a1", "{}".into())),
            Some(Duration::from_millis(50)),
            None,
        );
        let taker = {
            let broker = Arc::clone(&broker);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                broker.poll("a1", Duration::from_secs(5)).expect("a task")
            })
        };
        assert_eq!(broker.wait("t1"), Some(TaskOutcome::HeartbeatTimeout));
        assert_eq!(taker.join().unwrap().token, "t1");
    }

    #[test]
    fn an_empty_queue_returns_nothing_after_the_wait() {
        let broker = Broker::default();
        assert!(broker.poll("a1", Duration::from_millis(20)).is_none());
    }

    #[test]
    fn stopping_the_execution_releases_its_waiting_task() {
        let broker = Arc::new(Broker::default());
        broker.open("e1", "t1", None, None, None);
        let stopper = {
            let broker = Arc::clone(&broker);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                broker.stop_execution("e1");
            })
        };
        assert_eq!(broker.wait("t1"), None);
        stopper.join().unwrap();
    }
}
