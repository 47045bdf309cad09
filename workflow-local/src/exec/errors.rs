//! Retriers and catchers: which error names a rule matches, how long a retry waits, and what a
//! catcher hands to its next state.

use super::states::Finished;
use super::{Current, Engine, Frame, Halt, Step};
use crate::data;
use crate::data::Outcome;
use crate::eval::Failure;
use serde_json::{Map, Value};
use std::borrow::Cow;
use workflow_core::QueryLanguage;
use workflow_core::model::{Catcher, Io, JitterStrategy, NullablePath, Retrier, Transition};

/// Whether an `ErrorEquals` list covers `error`. Nothing covers `States.Runtime` (AWS neither
/// retries nor catches it, even when a catcher names it); `States.ALL` covers every other error;
/// `States.TaskFailed` covers every task error but the timeouts.
pub(crate) fn covers(error_equals: &[String], error: &str) -> bool {
    if error == "States.Runtime" {
        return false;
    }
    error_equals.iter().any(|name| {
        name == error
            || (name == "States.ALL" && error != "States.Runtime")
            || (name == "States.TaskFailed"
                && error != "States.Timeout"
                && error != "States.Runtime"
                && error != "States.HeartbeatTimeout")
    })
}

/// The error output a catcher hands on: `{"Error", "Cause"}`.
pub(crate) fn error_output(failure: &Failure) -> Value {
    let mut output = Map::new();
    // A task that failed without naming an error (a callback failed with no error field).
    if failure.error.is_empty() && failure.cause.is_empty() {
        output.insert("Error".into(), Value::Null);
        output.insert("Cause".into(), Value::Null);
        return Value::Object(output);
    }
    output.insert("Error".into(), Value::String(failure.error.clone()));
    if !failure.cause.is_empty() || failure.error.starts_with("States.") {
        output.insert("Cause".into(), Value::String(failure.cause.clone()));
    }
    Value::Object(output)
}

/// Retry bookkeeping of one state entry: attempts made per retrier.
#[derive(Debug, Default)]
pub(crate) struct RetryState {
    attempts: Vec<u32>,
    /// Drives `JitterStrategy: FULL`; seeded per state entry so runs repeat.
    jitter_seed: u64,
}

impl RetryState {
    pub fn new(seed: u64) -> RetryState {
        RetryState {
            attempts: Vec::new(),
            jitter_seed: seed | 1,
        }
    }

    /// How long to wait before the next attempt, or `None` when no retrier retries `error`.
    pub fn delay_ms(&mut self, retriers: &[Retrier], error: &str) -> Option<i64> {
        let (index, retrier) = retriers
            .iter()
            .enumerate()
            .find(|(_, r)| covers(&r.error_equals, error))?;
        if self.attempts.len() < retriers.len() {
            self.attempts.resize(retriers.len(), 0);
        }
        let made = self.attempts[index];
        let max_attempts = retrier
            .max_attempts
            .as_ref()
            .and_then(|n| n.as_i64())
            .unwrap_or(3);
        if i64::from(made) >= max_attempts {
            return None;
        }
        self.attempts[index] = made + 1;
        let interval = retrier
            .interval_seconds
            .as_ref()
            .map(|n| n.as_f64())
            .unwrap_or(1.0);
        let backoff = retrier
            .backoff_rate
            .as_ref()
            .map(|n| n.as_f64())
            .unwrap_or(2.0);
        let mut seconds = interval * backoff.powi(i32::try_from(made).unwrap_or(i32::MAX));
        if let Some(max) = retrier.max_delay_seconds.as_ref() {
            seconds = seconds.min(max.as_f64());
        }
        if retrier.jitter_strategy == Some(JitterStrategy::Full) {
            seconds *= self.next_unit();
        }
        Some((seconds * 1000.0).round() as i64)
    }

    /// A number in [0, 1) from a xorshift generator.
    fn next_unit(&mut self) -> f64 {
        let mut x = self.jitter_seed;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter_seed = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl Engine<'_> {
    /// Runs a state that has retriers and catchers (Task, Parallel, Map): `attempt` runs it once
    /// and sets its flag when the failure came from inside (a branch or an iteration), which
    /// AWS marks with `{Type}StateFailed` once no retrier takes it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn with_retry<'s>(
        &mut self,
        current: &Current,
        type_name: &str,
        retriers: &[Retrier],
        catchers: &'s [Catcher],
        io: &Io,
        transition: &'s Transition,
        input: &mut Value,
        frame: &mut Frame,
        // An attempt that succeeds may take the input (leaving `null`): nothing reads it again.
        mut attempt: impl FnMut(
            &mut Self,
            &Current,
            &Frame,
            &mut bool,
            &mut Value,
        ) -> Result<Finished, Halt>,
    ) -> Result<Step<'s>, Halt> {
        // Copied only when a retry counts up.
        let mut current = Cow::Borrowed(current);
        let mut retry =
            RetryState::new(self.config.start_time_ms as u64 ^ current.entered_event_id);
        loop {
            let mut failed_inside = false;
            match attempt(self, &current, frame, &mut failed_inside, input) {
                Ok(finished) => {
                    return self.leave(
                        &current,
                        type_name,
                        finished,
                        super::states::next_state(transition),
                        frame,
                    );
                }
                Err(Halt::Failed(failure)) => {
                    if let Some(delay) = retry.delay_ms(retriers, &failure.error) {
                        self.count_step()?;
                        self.sleep(delay)?;
                        let retries = current.retry_count.unwrap_or(0) + 1;
                        current.to_mut().retry_count = Some(retries);
                        continue;
                    }
                    // The recordings show no ParallelStateFailed for a JSONata Parallel whose
                    // branch failed (its aborted states say it), but one for JSONPath.
                    let marks_failure = !(type_name == "Parallel"
                        && current.query_language == QueryLanguage::Jsonata);
                    if failed_inside && marks_failure {
                        self.emit_fields(
                            super::state_event(type_name, super::Phase::Failed),
                            None,
                        )?;
                    }
                    return self.catch(&current, type_name, catchers, io, input, failure, frame);
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// Hands a failure to the first catcher that covers it: writes the state's exited event and
    /// moves to the catcher's `Next`. Without one, the failure goes on up.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn catch<'s>(
        &mut self,
        current: &Current,
        type_name: &str,
        catchers: &'s [Catcher],
        io: &Io,
        input: &Value,
        failure: Failure,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        let Some(catcher) = catchers
            .iter()
            .find(|c| covers(&c.error_equals, &failure.error))
        else {
            return Err(Halt::Failed(failure));
        };
        let error = error_output(&failure);
        let output = match io {
            Io::JsonPath(_) => match &catcher.result_path {
                None => error.clone(),
                Some(NullablePath::Null) => input.clone(),
                Some(NullablePath::Path(path)) => {
                    data::merge_result(Cow::Borrowed(input), path, error.clone())
                        .map_err(|f| self.evaluation_failed(current, Some("ResultPath"), f))?
                }
            },
            Io::Jsonata(_) => match &catcher.output {
                Some(template) => {
                    let outcome = Outcome {
                        result: None,
                        error_output: Some(&error),
                    };
                    self.jsonata(current, template, input, outcome, frame, "Output")?
                }
                None => error.clone(),
            },
        };
        let assigned = self.assign(
            current,
            catcher.assign.as_ref(),
            input,
            None,
            Some(&error),
            frame,
        )?;
        let output_text = self.store.json(&output);
        self.exit(type_name, current, output_text, assigned.as_ref())?;
        if let Some(assigned) = assigned {
            frame.variables.extend(assigned);
        }
        Ok(Step::Next(&catcher.next, output, output_text))
    }
}
