//! The Task state: parameters, the mocked call with the events AWS writes for the kind of
//! resource (an integration, a Lambda function ARN, an activity), retries and catchers.

use super::states::Finished;
use super::{Current, Engine, Frame, Halt, Step};
use crate::data;
use crate::data::Outcome;
use crate::eval::Failure;
use crate::history::{Detail, Store, Text};
use crate::mock::{TaskCall, TaskOutcome};
use serde_json::{Value, json};
use std::borrow::Cow;
use workflow_core::catalog;
use workflow_core::model::{Dyn, Io, NullablePath, Task};

/// How AWS names a resource in task events, and which family of events it writes.
#[derive(Debug, Clone)]
pub(crate) enum ResourceKind<'a> {
    /// `arn:aws:states:::lambda:invoke`: `resourceType` `lambda`, `resource` `invoke`.
    Integration {
        resource_type: &'a str,
        resource: &'a str,
    },
    /// A Lambda function ARN: `LambdaFunction…` events.
    LambdaFunction,
    /// An activity ARN: `Activity…` events.
    Activity,
}

impl<'a> ResourceKind<'a> {
    pub fn of(arn: &'a str) -> ResourceKind<'a> {
        // An ARN's first five fields end at its first five colons; the rest may hold more.
        let mut parts = [""; 6];
        let mut count = 0;
        let mut field_start = 0;
        for (at, byte) in arn.bytes().enumerate() {
            if byte == b':' {
                parts[count] = &arn[field_start..at];
                count += 1;
                field_start = at + 1;
                if count == 5 {
                    break;
                }
            }
        }
        parts[count] = &arn[field_start..];
        count += 1;
        match &parts[..count] {
            [_, _, "states", _, _, rest] if rest.starts_with("activity:") => ResourceKind::Activity,
            [_, _, "states", "", "", rest] => {
                // `lambda:invoke`, `states:startExecution.sync:2`, `aws-sdk:s3:getObject`: the
                // service is what comes before the action (`aws-sdk:s3`).
                let after = if rest.starts_with("aws-sdk:") { 8 } else { 0 };
                let (service, action) = match rest[after..].find(':') {
                    Some(at) => (&rest[..after + at], &rest[after + at + 1..]),
                    None => (*rest, ""),
                };
                ResourceKind::Integration {
                    resource_type: service,
                    resource: action,
                }
            }
            [_, _, "lambda", ..] => ResourceKind::LambdaFunction,
            _ => ResourceKind::Integration {
                resource_type: "",
                resource: arn,
            },
        }
    }

    /// The type and the details member of the event `what` (`Scheduled`, `Succeeded`, …) for
    /// this kind of resource: `TaskScheduled` and `taskScheduledEventDetails`,
    /// `LambdaFunctionScheduled` and `lambdaFunctionScheduledEventDetails`, ….
    fn event(&self, what: Happened) -> (&'static str, &'static str) {
        macro_rules! events {
            ($($kind:ident $prefix:literal $key:literal),*) => {
                match (self, what) {
                    $(
                        (ResourceKind::$kind { .. }, Happened::Scheduled) => (concat!($prefix, "Scheduled"), concat!($key, "ScheduledEventDetails")),
                        (ResourceKind::$kind { .. }, Happened::Started) => (concat!($prefix, "Started"), concat!($key, "StartedEventDetails")),
                        (ResourceKind::$kind { .. }, Happened::Submitted) => (concat!($prefix, "Submitted"), concat!($key, "SubmittedEventDetails")),
                        (ResourceKind::$kind { .. }, Happened::Succeeded) => (concat!($prefix, "Succeeded"), concat!($key, "SucceededEventDetails")),
                        (ResourceKind::$kind { .. }, Happened::Failed) => (concat!($prefix, "Failed"), concat!($key, "FailedEventDetails")),
                        (ResourceKind::$kind { .. }, Happened::TimedOut) => (concat!($prefix, "TimedOut"), concat!($key, "TimedOutEventDetails")),
                    )*
                }
            };
        }
        events!(
            Integration "Task" "task",
            LambdaFunction "LambdaFunction" "lambdaFunction",
            Activity "Activity" "activity"
        )
    }

    /// An integration's `resourceType` and `resource`, written once for all its events.
    fn names(&self, store: &mut Store) -> Option<(Text, Text)> {
        match self {
            ResourceKind::Integration {
                resource_type,
                resource,
            } => Some((store.text(resource_type), store.text(resource))),
            _ => None,
        }
    }
}

/// Starts a task event's details members ([`Store::members_start`]): an integration's
/// `resourceType` and `resource` (its [`ResourceKind::names`]).
fn members(store: &mut Store, names: Option<(Text, Text)>) -> usize {
    let start = store.members_start();
    if let Some((resource_type, resource)) = names {
        store.member("resourceType", Detail::Text(resource_type));
        store.member("resource", Detail::Text(resource));
    }
    start
}

/// What happened to a task, in its event's type.
#[derive(Debug, Clone, Copy)]
enum Happened {
    Scheduled,
    Started,
    Submitted,
    Succeeded,
    Failed,
    TimedOut,
}

impl Engine<'_> {
    pub(crate) fn task<'s>(
        &mut self,
        current: &Current,
        task: &'s Task,
        mut input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        self.with_retry(
            current,
            "Task",
            &task.retry,
            &task.catch,
            &task.io,
            &task.transition,
            &mut input,
            frame,
            |this, current, frame, _, input| this.task_attempt(current, task, input, frame),
        )
    }

    fn task_attempt(
        &mut self,
        current: &Current,
        task: &Task,
        input_slot: &mut Value,
        frame: &Frame,
    ) -> Result<Finished, Halt> {
        let input = &*input_slot;
        let arn = task.resource.as_str().unwrap_or_default();
        let kind = ResourceKind::of(arn);
        // A callback task hands out a token (`$$.Task.Token`) and waits for it to be completed.
        let callback = arn.ends_with(".waitForTaskToken");
        // `.sync` tasks start a job and wait for it: AWS writes the start's answer first.
        let waits = callback || arn.contains(".sync");
        // AWS gives a `.sync` task a token too (a recorded `startExecution.sync` passes
        // `$$.Task.Token` to its child), but it waits for the job, not for the token. Only a
        // task with a token has a state that differs from the one it was given.
        let mut with_token;
        let current = if waits {
            with_token = current.clone();
            self.generated += 1;
            // On the real clock executions run side by side on one endpoint, and their tokens
            // must differ: the execution's seed goes in.
            let counter = if self.config.real_time {
                self.generated ^ self.config.seed.rotate_left(17)
            } else {
                self.generated
            };
            with_token.task_token = Some(super::map::generated_uuid(counter, 3));
            &with_token
        } else {
            current
        };
        let effective = self.input_path(current, &task.io, input, frame)?;
        let effective_input = effective.clone();
        // Without InputPath and Parameters the task is sent its input as it is, whose text
        // the entered event already holds.
        let parameters: Cow<'_, Value> = match &task.io {
            Io::JsonPath(p) => match &p.parameters {
                Some(template) => {
                    Cow::Owned(self.payload(current, template, &effective, frame, "Parameters")?)
                }
                None => effective,
            },
            Io::Jsonata(j) => match &j.arguments {
                Some(template) => Cow::Owned(self.jsonata(
                    current,
                    template,
                    input,
                    Outcome::default(),
                    frame,
                    "Arguments",
                )?),
                None => effective,
            },
        };
        // AWS checks some parameters' formats before it starts the task (the catalog's
        // `formats`); a broken one fails the execution, before any task event.
        if let ResourceKind::Integration {
            resource_type,
            resource,
        } = kind
            && let Some(field) =
                catalog::misformatted_parameter(resource_type, resource, &parameters)
        {
            let cause = format!(
                "The Parameters '{parameters}' could not be used to start the Task: [The value of the field '{field}' has an invalid format]"
            );
            return Err(Halt::Failed(
                Failure::runtime(cause).in_state(current.name, current.entered_event_id),
            ));
        }
        let timeout = self.seconds_field(
            current,
            task.timeout.as_ref(),
            input,
            frame,
            "TimeoutSeconds",
        )?;
        let heartbeat = self.seconds_field(
            current,
            task.heartbeat.as_ref(),
            input,
            frame,
            "HeartbeatSeconds",
        )?;
        let role_arn = match &task.credentials {
            Some(credentials) => {
                let role = match &task.io {
                    Io::JsonPath(_) => {
                        self.payload(current, credentials, &effective_input, frame, "Credentials")?
                    }
                    Io::Jsonata(_) => self.jsonata(
                        current,
                        credentials,
                        input,
                        Outcome::default(),
                        frame,
                        "Credentials",
                    )?,
                };
                Some(role.get("RoleArn").cloned().unwrap_or(Value::Null))
            }
            None => None,
        };
        // The parameters sent as they came hold the text the entered event already holds.
        let parameters_text = match &parameters {
            Cow::Borrowed(sent) if std::ptr::eq(*sent, input) => current.input_text,
            _ => self.store.json(&parameters),
        };
        let names = kind.names(&mut self.store);
        let scheduled = members(&mut self.store, names);
        match kind {
            ResourceKind::Integration { .. } => {
                let region = self.store.text(&self.config.region);
                self.store.member("region", Detail::Text(region));
                self.store
                    .member("parameters", Detail::Text(parameters_text));
            }
            _ => {
                let resource = self.store.text(arn);
                self.store.member("resource", Detail::Text(resource));
                self.store.payload("input", "inputDetails", parameters_text);
            }
        }
        if let Some(role_arn) = role_arn {
            self.store.member(
                "taskCredentials",
                Detail::Value(json!({ "roleArn": role_arn })),
            );
        }
        if let Some(t) = timeout {
            self.store
                .member("timeoutInSeconds", Detail::Value(Value::from(t)));
        }
        if let Some(h) = heartbeat {
            self.store
                .member("heartbeatInSeconds", Detail::Value(Value::from(h)));
        }
        self.emit_task(&kind, Happened::Scheduled, scheduled)?;
        let started = members(&mut self.store, names);
        self.emit_task(&kind, Happened::Started, started)?;
        let call = TaskCall {
            state: current.name,
            resource: arn,
            input: &parameters,
            call_count: 0,
            task_token: current.task_token.as_deref(),
            timeout_seconds: timeout,
            heartbeat_seconds: heartbeat,
        };
        let size_name: &str = match kind {
            ResourceKind::Integration { resource_type, .. } => resource_type,
            _ => arn,
        };
        // On the real clock a callback's answer comes while the mock blocks: the message that
        // carries the token is sent (TaskSubmitted) before the wait, as AWS writes it.
        let submitted_early = callback && self.config.real_time;
        if submitted_early {
            self.emit_submitted(&kind, names)?;
        }
        let answer = match self.mocks.answer(&call) {
            Some(outcome) => Some(outcome),
            None => self.start_known_execution(arn, &parameters),
        };
        let answer = match (answer, current.task_token.clone()) {
            (None, Some(token)) if callback => {
                // Nobody answers the callback yet: the execution waits for the token.
                if !submitted_early {
                    self.emit_submitted(&kind, names)?;
                }
                return Err(Halt::Paused(super::PendingTask {
                    token,
                    state: current.name.to_string(),
                    parameters: parameters.into_owned(),
                }));
            }
            (answer, _) => answer,
        };
        let Some(outcome) = answer else {
            return Err(Halt::Fatal(Failure::new(
                "States.Runtime",
                format!(
                    "No mock answers the task state '{}' (resource '{arn}').",
                    current.name
                ),
            )));
        };
        // A result over AWS's size limit fails the task as AWS fails it. The text measured is
        // the one the succeeded event holds.
        let mut result_text = None;
        let outcome = match outcome {
            TaskOutcome::Return(result) => {
                let text = self.store.json(&result);
                match data::check_payload_bytes(text.len(), size_name) {
                    Ok(()) => {
                        result_text = Some(text);
                        TaskOutcome::Return(result)
                    }
                    Err(f) => TaskOutcome::throw(f.error, f.cause),
                }
            }
            other => other,
        };
        if waits && !submitted_early {
            self.emit_submitted(&kind, names)?;
        }
        match outcome {
            TaskOutcome::Return(result) => {
                let text = match result_text {
                    Some(text) => text,
                    None => self.store.json(&result),
                };
                let details = members(&mut self.store, names);
                self.store.payload("output", "outputDetails", text);
                self.emit_task(&kind, Happened::Succeeded, details)?;
                let assigned = self.assign(
                    current,
                    task.assign.as_ref(),
                    input,
                    Some(&result),
                    None,
                    frame,
                )?;
                drop((parameters, effective_input));
                // When nothing after the merge can fail, no retry or catcher reads the input
                // again, and the result is merged into it in place.
                let in_place = match &task.io {
                    Io::JsonPath(p) if p.result_selector.is_none() && p.output_path.is_none() => {
                        match &p.result_path {
                            Some(NullablePath::Path(path)) => crate::eval::fits(path, input),
                            Some(NullablePath::Null) => true,
                            None => false,
                        }
                    }
                    _ => false,
                };
                let appended = super::states::appended_key(&task.io, input_slot);
                let input = if in_place {
                    Cow::Owned(std::mem::take(input_slot))
                } else {
                    Cow::Borrowed(&*input_slot)
                };
                let output = self.output(current, &task.io, input, result, frame, true)?;
                // Without a ResultSelector the member added is the result, whose text the
                // succeeded event already holds.
                let selected = matches!(&task.io, Io::JsonPath(p) if p.result_selector.is_some());
                let result_text = (!selected).then_some(text);
                let output_text = appended.and_then(|key| {
                    super::states::appended_text(
                        &mut self.store,
                        current.input_text,
                        key,
                        &output,
                        result_text,
                    )
                });
                Ok(Finished {
                    output,
                    assigned,
                    output_text,
                })
            }
            TaskOutcome::Throw { error, cause } => {
                let details = members(&mut self.store, names);
                let error_text = self.store.text(&error);
                self.store.member("error", Detail::Text(error_text));
                if let Some(cause) = &cause {
                    let cause = self.store.text(cause);
                    self.store.member("cause", Detail::Text(cause));
                }
                self.emit_task(&kind, Happened::Failed, details)?;
                Err(Halt::Failed(Failure::new(error, cause.unwrap_or_default())))
            }
            TaskOutcome::Timeout | TaskOutcome::HeartbeatTimeout => {
                let (error, waited) = match outcome {
                    TaskOutcome::HeartbeatTimeout => ("States.HeartbeatTimeout", heartbeat),
                    _ => ("States.Timeout", timeout),
                };
                // On the real clock the worker's silence already took that long.
                if !self.config.real_time {
                    self.sleep(waited.unwrap_or(99_999_999).saturating_mul(1000))?;
                }
                let details = members(&mut self.store, names);
                let error_text = self.store.text(error);
                self.store.member("error", Detail::Text(error_text));
                self.emit_task(&kind, Happened::TimedOut, details)?;
                Err(Halt::Failed(Failure::new(error, "")))
            }
        }
    }

    /// `TaskSubmitted`: the message carrying the token was sent, or the job started; the
    /// answer comes with the token or when the job ends.
    fn emit_submitted(
        &mut self,
        kind: &ResourceKind<'_>,
        names: Option<(Text, Text)>,
    ) -> Result<(), Halt> {
        let details = members(&mut self.store, names);
        let output = self.store.text("{}");
        self.store.payload("output", "outputDetails", output);
        self.emit_task(kind, Happened::Submitted, details)
    }

    /// Writes a task's event with the members added since `members` (the mark [`members`]
    /// gave); one without members has no details member.
    fn emit_task(
        &mut self,
        kind: &ResourceKind,
        what: Happened,
        members: usize,
    ) -> Result<(), Halt> {
        let (event_type, key) = kind.event(what);
        let details = self
            .store
            .has_members_since(members)
            .then_some((key, members));
        self.emit_fields(event_type, details)?;
        Ok(())
    }

    /// `TimeoutSeconds`/`HeartbeatSeconds` in any of their forms, in whole seconds.
    fn seconds_field(
        &mut self,
        current: &Current,
        field: Option<&Dyn<workflow_core::model::Number>>,
        input: &Value,
        frame: &Frame,
        name: &str,
    ) -> Result<Option<i64>, Halt> {
        Ok(self
            .number_field(current, field, input, frame, name, true)?
            .map(|s| s as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::ResourceKind;

    fn integration(arn: &str) -> Option<(&str, &str)> {
        match ResourceKind::of(arn) {
            ResourceKind::Integration {
                resource_type,
                resource,
            } => Some((resource_type, resource)),
            _ => None,
        }
    }

    #[test]
    fn a_resource_is_named_as_aws_names_it_in_task_events() {
        assert_eq!(
            integration("arn:aws:states:::lambda:invoke"),
            Some(("lambda", "invoke"))
        );
        assert_eq!(
            integration("arn:aws:states:::aws-sdk:s3:getObject"),
            Some(("aws-sdk:s3", "getObject"))
        );
        assert_eq!(
            integration("arn:aws:states:::states:startExecution.sync:2"),
            Some(("states", "startExecution.sync:2"))
        );
        assert_eq!(integration("arn:aws:states:::sqs"), Some(("sqs", "")));
        assert_eq!(integration("not-an-arn"), Some(("", "not-an-arn")));
        assert!(matches!(
            ResourceKind::of("arn:aws:states:us-east-1:123456789012:activity:work"),
            ResourceKind::Activity
        ));
        assert!(matches!(
            ResourceKind::of("arn:aws:lambda:us-east-1:123456789012:function:f:prod"),
            ResourceKind::LambdaFunction
        ));
    }
}
