//! The Parallel state: every branch gets the state's input; the result is the array of the
//! branches' outputs.

use super::states::Finished;
use super::{Current, Engine, Frame, Halt, Step};
use crate::data::Outcome;
use serde_json::Value;
use std::borrow::Cow;
use workflow_core::model::{Io, Parallel};

impl Engine<'_> {
    pub(crate) fn parallel<'s>(
        &mut self,
        current: &Current,
        parallel: &'s Parallel,
        mut input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        self.with_retry(
            current,
            "Parallel",
            &parallel.retry,
            &parallel.catch,
            &parallel.io,
            &parallel.transition,
            &mut input,
            frame,
            |this, current, frame, failed_inside, input| {
                this.parallel_attempt(current, parallel, input, frame, failed_inside)
            },
        )
    }

    fn parallel_attempt(
        &mut self,
        current: &Current,
        parallel: &Parallel,
        input: &Value,
        frame: &Frame,
        branch_failed: &mut bool,
    ) -> Result<Finished, Halt> {
        let effective = self.input_path(current, &parallel.io, input, frame)?;
        let branch_input = match &parallel.io {
            Io::JsonPath(p) => match &p.parameters {
                Some(template) => {
                    self.payload(current, template, &effective, frame, "Parameters")?
                }
                None => effective.into_owned(),
            },
            Io::Jsonata(j) => match &j.arguments {
                Some(template) => self.jsonata(
                    current,
                    template,
                    input,
                    Outcome::default(),
                    frame,
                    "Arguments",
                )?,
                None => effective.into_owned(),
            },
        };
        let started = self.emit("ParallelStateStarted", None)?;
        let mut results = Vec::with_capacity(parallel.branches.len());
        // The branches run side by side: each starts now, and the state goes on when the
        // slowest has ended.
        let start_ms = self.now_ms;
        let mut end_ms = start_ms;
        for branch in &parallel.branches {
            self.last = started;
            self.now_ms = start_ms;
            let mut branch_frame = Frame {
                variables: frame.variables.clone(),
                map_item: None,
                nested: true,
            };
            let outcome = self.run_scope(branch, branch_input.clone(), None, &mut branch_frame);
            end_ms = end_ms.max(self.now_ms);
            match outcome {
                Ok(output) => results.push(output),
                Err(Halt::Failed(failure)) => {
                    *branch_failed = true;
                    return Err(Halt::Failed(failure));
                }
                Err(other) => return Err(other),
            }
        }
        self.now_ms = end_ms;
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
        let output = self.output(
            current,
            &parallel.io,
            Cow::Borrowed(input),
            result,
            frame,
            true,
        )?;
        Ok(Finished {
            output,
            assigned,
            output_text: None,
        })
    }
}
