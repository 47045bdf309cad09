//! `states:startExecution` of a machine the run knows: the child execution runs in process on
//! the same clock and mocks, and its answer has the shape AWS gives for each pattern (the
//! start's `{ExecutionArn, StartDate}`, or `DescribeExecution` for `.sync` with `Input` and
//! `Output` as JSON text, and as JSON for `.sync:2`).

use super::{Engine, ExecutionConfig};
use crate::clock;
use crate::mock::TaskOutcome;
use crate::runner::{Status, run_machine};
use serde_json::{Value, json};

/// How the parent waits for the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Start,
    Sync,
    Sync2,
}

fn pattern(resource: &str) -> Option<Pattern> {
    match resource.split_once(":::")?.1 {
        "states:startExecution" => Some(Pattern::Start),
        "states:startExecution.sync" => Some(Pattern::Sync),
        "states:startExecution.sync:2" => Some(Pattern::Sync2),
        _ => None,
    }
}

impl Engine<'_> {
    /// The answer of a `startExecution` task whose `StateMachineArn` names a known machine;
    /// `None` for any other task.
    pub(crate) fn start_known_execution(
        &mut self,
        resource: &str,
        parameters: &Value,
    ) -> Option<TaskOutcome> {
        let pattern = pattern(resource)?;
        let machine_arn = parameters.get("StateMachineArn")?.as_str()?;
        let name = machine_arn.rsplit(':').next()?;
        let known = self.mocks.known_machine(name)?.clone();
        let (machine, reads_input) = (known.machine, known.reads_input);
        self.generated += 1;
        let execution_name = parameters
            .get("Name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| super::map::generated_uuid(self.generated, 4));
        let input = match parameters.get("Input") {
            None | Some(Value::Null) => json!({}),
            Some(Value::String(text)) => {
                serde_json::from_str(text).unwrap_or(Value::String(text.clone()))
            }
            Some(value) => value.clone(),
        };
        // A child gets half of what is left of the step budget, so machines that start each
        // other end instead of nesting without bound.
        let step_budget = self.config.step_budget.saturating_sub(self.steps) / 2;
        if step_budget == 0 {
            return Some(TaskOutcome::throw(
                "States.Runtime",
                "Nested executions ran out of the step budget.",
            ));
        }
        let config = ExecutionConfig {
            state_machine_name: name.to_string(),
            execution_name: execution_name.clone(),
            start_time_ms: self.now_ms,
            step_budget,
            // The times replayed are those of the top-level execution's own events.
            replayed_times_ms: Vec::new(),
            ..self.config.clone()
        };
        let execution_arn = config.execution_arn();
        let start_date = clock::format_iso(self.now_ms);
        if pattern == Pattern::Start {
            run_machine(&machine, &config, self.mocks, input, reads_input);
            return Some(TaskOutcome::Return(
                json!({"ExecutionArn": execution_arn, "StartDate": start_date}),
            ));
        }
        let child = run_machine(&machine, &config, self.mocks, input.clone(), reads_input);
        let stop_ms = child.history.last_millis().unwrap_or(self.now_ms);
        // The parent waited for the child on the same clock.
        self.now_ms = self.now_ms.max(stop_ms);
        let as_text = |v: &Value| Value::String(serde_json::to_string(v).unwrap_or_default());
        let mut describe = json!({
            "ExecutionArn": execution_arn,
            "Input": if pattern == Pattern::Sync { as_text(&input) } else { input.clone() },
            "InputDetails": {"Included": true},
            "Name": execution_name,
            "StartDate": start_date,
            "StateMachineArn": config.state_machine_arn(),
            "Status": child.status.as_str(),
            "StopDate": clock::format_iso(stop_ms),
        });
        if let Some(output) = &child.output {
            describe["Output"] = if pattern == Pattern::Sync {
                as_text(output)
            } else {
                output.clone()
            };
            describe["OutputDetails"] = json!({"Included": true});
        }
        if child.status == Status::Succeeded {
            return Some(TaskOutcome::Return(describe));
        }
        if child.status == Status::Running {
            return Some(TaskOutcome::throw(
                "States.Runtime",
                "The nested execution waits for a task token, which a nested run cannot be given.",
            ));
        }
        if let Some(error) = &child.error {
            describe["Error"] = Value::String(error.clone());
        }
        if let Some(cause) = &child.cause {
            describe["Cause"] = Value::String(cause.clone());
        }
        Some(TaskOutcome::throw(
            "States.TaskFailed",
            serde_json::to_string(&describe).unwrap_or_default(),
        ))
    }
}
