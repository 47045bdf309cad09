//! The Parallel state: every branch gets the state's input; the result is the array of the
//! branches' outputs.

use super::errors::RetryState;
use super::states::Finished;
use super::{Current, Engine, Frame, Halt, Step, states_object};
use serde_json::Value;
use workflow_core::model::{Io, Parallel};

impl Engine<'_> {
    pub(crate) fn parallel(
        &mut self,
        current: &Current,
        parallel: &Parallel,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Step, Halt> {
        let mut current = current.clone();
        let mut retry =
            RetryState::new(self.config.start_time_ms as u64 ^ current.entered_event_id);
        loop {
            match self.parallel_attempt(&current, parallel, &input, frame) {
                Ok(finished) => {
                    return self.leave(&current, "Parallel", finished, &parallel.transition, frame);
                }
                Err(Halt::Failed(failure)) => {
                    if let Some(delay) = retry.delay_ms(&parallel.retry, &failure.error) {
                        self.sleep(delay)?;
                        current.retry_count += 1;
                        continue;
                    }
                    return self.catch(
                        &current,
                        "Parallel",
                        &parallel.catch,
                        &parallel.io,
                        &input,
                        failure,
                        frame,
                    );
                }
                Err(other) => return Err(other),
            }
        }
    }

    fn parallel_attempt(
        &mut self,
        current: &Current,
        parallel: &Parallel,
        input: &Value,
        frame: &Frame,
    ) -> Result<Finished, Halt> {
        let effective = self.input_path(current, &parallel.io, input, frame)?;
        let branch_input = match &parallel.io {
            Io::JsonPath(p) => match &p.parameters {
                Some(template) => {
                    self.payload(current, template, &effective, frame, "Parameters")?
                }
                None => effective,
            },
            Io::Jsonata(j) => match &j.arguments {
                Some(template) => {
                    let context = self.context(current, frame);
                    let states = states_object(input, &context, None, None);
                    self.jsonata(current, template, &states, frame, "Arguments")?
                }
                None => effective,
            },
        };
        let started = self.emit("ParallelStateStarted", None)?;
        let mut results = Vec::with_capacity(parallel.branches.len());
        for branch in &parallel.branches {
            self.last = started;
            let mut branch_frame = Frame {
                variables: frame.variables.clone(),
                map_item: None,
            };
            match self.run_scope(branch, branch_input.clone(), &mut branch_frame) {
                Ok(output) => results.push(output),
                Err(Halt::Failed(failure)) => {
                    self.emit("ParallelStateFailed", None)?;
                    return Err(Halt::Failed(failure));
                }
                Err(other) => return Err(other),
            }
        }
        self.emit_beside("ParallelStateSucceeded", None)?;
        let result = Value::Array(results);
        let assigned = self.assign(
            current,
            parallel.assign.as_ref(),
            input,
            Some(&result),
            None,
            frame,
        )?;
        let output = self.output(current, &parallel.io, input, result, frame, true)?;
        Ok(Finished { output, assigned })
    }
}
