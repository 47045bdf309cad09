//! The Task state: parameters, the mocked call with the events AWS writes for the kind of
//! resource (an integration, a Lambda function ARN, an activity), retries and catchers.

use super::states::Finished;
use super::{Current, Engine, Frame, Halt, Step};
use crate::data;
use crate::data::Outcome;
use crate::eval::Failure;
use crate::history::Detail;
use crate::mock::{TaskCall, TaskOutcome};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::sync::Arc;
use workflow_core::model::{Dyn, Io, NullablePath, Task};

/// How AWS names a resource in task events, and which family of events it writes.
#[derive(Debug, Clone)]
pub(crate) enum ResourceKind {
    /// `arn:aws:states:::lambda:invoke`: `resourceType` `lambda`, `resource` `invoke`.
    Integration {
        resource_type: Arc<str>,
        resource: Arc<str>,
    },
    /// A Lambda function ARN: `LambdaFunction…` events.
    LambdaFunction,
    /// An activity ARN: `Activity…` events.
    Activity,
}

impl ResourceKind {
    pub fn of(arn: &str) -> ResourceKind {
        let mut parts = [""; 6];
        let mut count = 0;
        for (slot, part) in parts.iter_mut().zip(arn.splitn(6, ':')) {
            *slot = part;
            count += 1;
        }
        match &parts[..count] {
            [_, _, "states", _, _, rest] if rest.starts_with("activity:") => ResourceKind::Activity,
            [_, _, "states", "", "", rest] => {
                // `lambda:invoke`, `states:startExecution.sync:2`, `aws-sdk:s3:getObject`.
                let service_parts = if rest.starts_with("aws-sdk:") { 2 } else { 1 };
                let mut parts = rest.splitn(service_parts + 1, ':');
                let service: Vec<&str> = parts.by_ref().take(service_parts).collect();
                let (service, action) = (service.join(":"), parts.next().unwrap_or_default());
                ResourceKind::Integration {
                    resource_type: service.into(),
                    resource: action.into(),
                }
            }
            [_, _, "lambda", ..] => ResourceKind::LambdaFunction,
            _ => ResourceKind::Integration {
                resource_type: "".into(),
                resource: arn.into(),
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

    /// `resourceType` and `resource` members for integration events, with room for `more`.
    fn members(&self, more: usize) -> Vec<(&'static str, Detail)> {
        match self {
            ResourceKind::Integration {
                resource_type,
                resource,
            } => {
                let mut m = Vec::with_capacity(2 + more);
                m.push(("resourceType", Detail::Text(Arc::clone(resource_type))));
                m.push(("resource", Detail::Text(Arc::clone(resource))));
                m
            }
            _ => Vec::with_capacity(more),
        }
    }
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
        // Only a callback task's state differs from the one it was given (its token).
        let mut with_token;
        let current = if callback {
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
        let parameters_text = |parameters: &Cow<'_, Value>| -> Detail {
            match parameters {
                Cow::Borrowed(sent) if std::ptr::eq(*sent, input) => {
                    Detail::Json(Arc::clone(&current.input_text))
                }
                _ => Detail::Json(Arc::new(data::compact(parameters))),
            }
        };
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
        let mut scheduled = kind.members(5);
        match kind {
            ResourceKind::Integration { .. } => {
                scheduled.push((
                    "region",
                    Detail::Value(Value::String(self.config.region.clone())),
                ));
                scheduled.push(("parameters", parameters_text(&parameters)));
            }
            _ => {
                scheduled.push(("resource", Detail::Text(arn.into())));
                scheduled.push(("input", parameters_text(&parameters)));
                scheduled.push(("inputDetails", Detail::NotTruncated));
            }
        }
        if let Some(credentials) = &task.credentials {
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
            let role_arn = role.get("RoleArn").cloned().unwrap_or(Value::Null);
            scheduled.push((
                "taskCredentials",
                Detail::Value(json!({ "roleArn": role_arn })),
            ));
        }
        if let Some(t) = timeout {
            scheduled.push(("timeoutInSeconds", Detail::Value(Value::from(t))));
        }
        if let Some(h) = heartbeat {
            scheduled.push(("heartbeatInSeconds", Detail::Value(Value::from(h))));
        }
        self.emit_task(&kind, Happened::Scheduled, scheduled)?;
        self.emit_task(&kind, Happened::Started, kind.members(0))?;
        let call = TaskCall {
            state: current.name,
            resource: arn,
            input: &parameters,
            call_count: 0,
            task_token: current.task_token.as_deref(),
            timeout_seconds: timeout,
            heartbeat_seconds: heartbeat,
        };
        let size_name: &str = match &kind {
            ResourceKind::Integration { resource_type, .. } => resource_type,
            _ => arn,
        };
        // On the real clock a callback's answer comes while the mock blocks: the message that
        // carries the token is sent (TaskSubmitted) before the wait, as AWS writes it.
        let submitted_early = callback && self.config.real_time;
        if submitted_early {
            self.emit_submitted(&kind)?;
        }
        let answer = match self.mocks.answer(&call) {
            Some(outcome) => Some(outcome),
            None => self.start_known_execution(arn, &parameters),
        };
        let answer = match (answer, current.task_token.clone()) {
            (None, Some(token)) => {
                // Nobody answers the callback yet: the execution waits for the token.
                if !submitted_early {
                    self.emit_submitted(&kind)?;
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
                let text = data::compact(&result);
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
            self.emit_submitted(&kind)?;
        }
        match outcome {
            TaskOutcome::Return(result) => {
                let mut details = kind.members(2);
                let text = result_text.unwrap_or_else(|| data::compact(&result));
                details.push(("output", Detail::Json(Arc::new(text))));
                details.push(("outputDetails", Detail::NotTruncated));
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
                let output_text = appended.and_then(|key| {
                    super::states::appended_text(&current.input_text, key, &output).map(Arc::new)
                });
                Ok(Finished {
                    output,
                    assigned,
                    output_text,
                })
            }
            TaskOutcome::Throw { error, cause } => {
                let mut details = kind.members(2);
                details.push(("error", Detail::Text(error.as_str().into())));
                if let Some(cause) = &cause {
                    details.push(("cause", Detail::Text(cause.as_str().into())));
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
                let mut details = kind.members(2);
                details.push(("error", Detail::Text(error.into())));
                self.emit_task(&kind, Happened::TimedOut, details)?;
                Err(Halt::Failed(Failure::new(error, "")))
            }
        }
    }

    /// `TaskSubmitted`: the message carrying the token was sent, or the job started; the
    /// answer comes with the token or when the job ends.
    fn emit_submitted(&mut self, kind: &ResourceKind) -> Result<(), Halt> {
        let mut details = kind.members(2);
        details.push(("output", Detail::Text("{}".into())));
        details.push(("outputDetails", Detail::NotTruncated));
        self.emit_task(kind, Happened::Submitted, details)
    }

    /// Writes a task's event; one without members has no details member.
    fn emit_task(
        &mut self,
        kind: &ResourceKind,
        what: Happened,
        members: Vec<(&'static str, Detail)>,
    ) -> Result<(), Halt> {
        let (event_type, key) = kind.event(what);
        let details = (!members.is_empty()).then_some((key, members));
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
