//! Execution history: every event kind of `GetExecutionHistory` as a typed [`HistoryEvent`]
//! (state name, input, output, error, cause), and the JSON shape of `GetExecutionHistory` as the
//! AWS CLI prints it, which is the interchange format the renderer reads:
//!
//! ```json
//! {"events": [{"timestamp": 1700000000.5, "type": "PassStateEntered", "id": 2,
//!              "previousEventId": 1, "stateEnteredEventDetails": {"name": "A", "input": "{}"}}]}
//! ```
//!
//! ```
//! let json = r#"{"events": [
//!   {"timestamp": 1700000000.25, "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
//!    "executionStartedEventDetails": {"input": "{}", "roleArn": "arn:aws:iam::1:role/r"}},
//!   {"timestamp": 1700000001.0, "type": "PassStateEntered", "id": 2, "previousEventId": 1,
//!    "stateEnteredEventDetails": {"name": "Hello", "input": "{}"}}
//! ]}"#;
//! let events = workflow_deploy::history_from_json(json).unwrap();
//! assert_eq!(events[1].state_name.as_deref(), Some("Hello"));
//! assert_eq!(events[0].input.as_deref(), Some("{}"));
//! let again = workflow_deploy::history_to_json(&events);
//! assert_eq!(workflow_deploy::history_from_json(&again).unwrap(), events);
//! ```

use std::collections::HashMap;

use aws_sdk_sfn::primitives::{DateTime, DateTimeFormat};
use aws_sdk_sfn::types::HistoryEventExecutionDataDetails;
use serde_json::{Map, Value};
use workflow_core::history::{self, EventDetails, ExecutionHistory, Timestamp};

use crate::{Error, HistoryEvent, Result};

/// The members of one event's details, in the API's order.
#[derive(Default)]
struct Details(Vec<(&'static str, Value)>);

impl Details {
    fn text(mut self, key: &'static str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.0.push((key, Value::from(value)));
        }
        self
    }

    fn number(mut self, key: &'static str, value: Option<i64>) -> Self {
        if let Some(value) = value {
            self.0.push((key, Value::from(value)));
        }
        self
    }

    fn data(mut self, key: &'static str, value: Option<&HistoryEventExecutionDataDetails>) -> Self {
        if let Some(value) = value {
            self.0
                .push((key, serde_json::json!({"truncated": value.truncated()})));
        }
        self
    }

    fn error_cause(self, error: Option<&str>, cause: Option<&str>) -> Self {
        self.text("error", error).text("cause", cause)
    }
}

/// Converts one SDK event, keeping every member of its details.
pub(crate) fn convert_event(e: &aws_sdk_sfn::types::HistoryEvent) -> HistoryEvent {
    let (key, details): (&str, Details) = if let Some(d) = e.activity_failed_event_details() {
        (
            "activityFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.activity_schedule_failed_event_details() {
        (
            "activityScheduleFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.activity_scheduled_event_details() {
        (
            "activityScheduledEventDetails",
            Details::default()
                .text("resource", Some(d.resource()))
                .text("input", d.input())
                .data("inputDetails", d.input_details())
                .number("timeoutInSeconds", d.timeout_in_seconds())
                .number("heartbeatInSeconds", d.heartbeat_in_seconds()),
        )
    } else if let Some(d) = e.activity_started_event_details() {
        (
            "activityStartedEventDetails",
            Details::default().text("workerName", d.worker_name()),
        )
    } else if let Some(d) = e.activity_succeeded_event_details() {
        (
            "activitySucceededEventDetails",
            Details::default()
                .text("output", d.output())
                .data("outputDetails", d.output_details()),
        )
    } else if let Some(d) = e.activity_timed_out_event_details() {
        (
            "activityTimedOutEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.task_failed_event_details() {
        (
            "taskFailedEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.task_scheduled_event_details() {
        (
            "taskScheduledEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .text("region", Some(d.region()))
                .text("parameters", Some(d.parameters()))
                .number("timeoutInSeconds", d.timeout_in_seconds())
                .number("heartbeatInSeconds", d.heartbeat_in_seconds()),
        )
    } else if let Some(d) = e.task_start_failed_event_details() {
        (
            "taskStartFailedEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.task_started_event_details() {
        (
            "taskStartedEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource())),
        )
    } else if let Some(d) = e.task_submit_failed_event_details() {
        (
            "taskSubmitFailedEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.task_submitted_event_details() {
        (
            "taskSubmittedEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .text("output", d.output())
                .data("outputDetails", d.output_details()),
        )
    } else if let Some(d) = e.task_succeeded_event_details() {
        (
            "taskSucceededEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .text("output", d.output())
                .data("outputDetails", d.output_details()),
        )
    } else if let Some(d) = e.task_timed_out_event_details() {
        (
            "taskTimedOutEventDetails",
            Details::default()
                .text("resourceType", Some(d.resource_type()))
                .text("resource", Some(d.resource()))
                .error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.execution_failed_event_details() {
        (
            "executionFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.execution_started_event_details() {
        (
            "executionStartedEventDetails",
            Details::default()
                .text("input", d.input())
                .data("inputDetails", d.input_details())
                .text("roleArn", d.role_arn())
                .text("stateMachineAliasArn", d.state_machine_alias_arn())
                .text("stateMachineVersionArn", d.state_machine_version_arn()),
        )
    } else if let Some(d) = e.execution_succeeded_event_details() {
        (
            "executionSucceededEventDetails",
            Details::default()
                .text("output", d.output())
                .data("outputDetails", d.output_details()),
        )
    } else if let Some(d) = e.execution_aborted_event_details() {
        (
            "executionAbortedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.execution_timed_out_event_details() {
        (
            "executionTimedOutEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.execution_redriven_event_details() {
        (
            "executionRedrivenEventDetails",
            Details::default().number("redriveCount", d.redrive_count().map(i64::from)),
        )
    } else if let Some(d) = e.map_state_started_event_details() {
        (
            "mapStateStartedEventDetails",
            Details::default().number("length", Some(i64::from(d.length()))),
        )
    } else if let Some((key, d)) = [
        (
            "mapIterationStartedEventDetails",
            e.map_iteration_started_event_details(),
        ),
        (
            "mapIterationSucceededEventDetails",
            e.map_iteration_succeeded_event_details(),
        ),
        (
            "mapIterationFailedEventDetails",
            e.map_iteration_failed_event_details(),
        ),
        (
            "mapIterationAbortedEventDetails",
            e.map_iteration_aborted_event_details(),
        ),
    ]
    .into_iter()
    .find_map(|(key, d)| Some((key, d?)))
    {
        (
            key,
            Details::default()
                .text("name", d.name())
                .number("index", Some(i64::from(d.index()))),
        )
    } else if let Some(d) = e.lambda_function_failed_event_details() {
        (
            "lambdaFunctionFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.lambda_function_schedule_failed_event_details() {
        (
            "lambdaFunctionScheduleFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.lambda_function_scheduled_event_details() {
        (
            "lambdaFunctionScheduledEventDetails",
            Details::default()
                .text("resource", Some(d.resource()))
                .text("input", d.input())
                .data("inputDetails", d.input_details())
                .number("timeoutInSeconds", d.timeout_in_seconds()),
        )
    } else if let Some(d) = e.lambda_function_start_failed_event_details() {
        (
            "lambdaFunctionStartFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.lambda_function_succeeded_event_details() {
        (
            "lambdaFunctionSucceededEventDetails",
            Details::default()
                .text("output", d.output())
                .data("outputDetails", d.output_details()),
        )
    } else if let Some(d) = e.lambda_function_timed_out_event_details() {
        (
            "lambdaFunctionTimedOutEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.state_entered_event_details() {
        (
            "stateEnteredEventDetails",
            Details::default()
                .text("name", Some(d.name()))
                .text("input", d.input())
                .data("inputDetails", d.input_details()),
        )
    } else if let Some(d) = e.state_exited_event_details() {
        let mut details = Details::default()
            .text("name", Some(d.name()))
            .text("output", d.output())
            .data("outputDetails", d.output_details());
        if let Some(vars) = d.assigned_variables() {
            let sorted: std::collections::BTreeMap<_, _> = vars.iter().collect();
            details
                .0
                .push(("assignedVariables", serde_json::json!(sorted)));
        }
        ("stateExitedEventDetails", details)
    } else if let Some(d) = e.map_run_started_event_details() {
        (
            "mapRunStartedEventDetails",
            Details::default().text("mapRunArn", d.map_run_arn()),
        )
    } else if let Some(d) = e.map_run_failed_event_details() {
        (
            "mapRunFailedEventDetails",
            Details::default().error_cause(d.error(), d.cause()),
        )
    } else if let Some(d) = e.map_run_redriven_event_details() {
        (
            "mapRunRedrivenEventDetails",
            Details::default()
                .text("mapRunArn", d.map_run_arn())
                .number("redriveCount", d.redrive_count().map(i64::from)),
        )
    } else if let Some(d) = e.evaluation_failed_event_details() {
        (
            "evaluationFailedEventDetails",
            Details::default()
                .error_cause(d.error(), d.cause())
                .text("location", d.location())
                .text("state", Some(d.state())),
        )
    } else {
        ("", Details::default())
    };
    let timestamp = e.timestamp();
    let micros = timestamp.subsec_nanos() / 1000;
    let details_key = (!key.is_empty()).then(|| key.to_owned());
    let details = Value::Object(
        details
            .0
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<_, _>>(),
    );
    event_from_parts(
        e.id(),
        e.previous_event_id(),
        e.r#type().as_str(),
        DateTime::from_secs_and_nanos(timestamp.secs(), micros * 1000),
        details_key,
        &details,
    )
}

fn event_from_parts(
    id: i64,
    previous_event_id: i64,
    event_type: &str,
    timestamp: DateTime,
    details_key: Option<String>,
    details: &Value,
) -> HistoryEvent {
    let member = |name: &str| details.get(name).and_then(Value::as_str).map(str::to_owned);
    let state_name = if event_type.starts_with("MapIteration")
        || event_type.ends_with("StateEntered")
        || event_type.ends_with("StateExited")
    {
        member("name")
    } else if event_type == "EvaluationFailed" {
        member("state")
    } else {
        None
    };
    HistoryEvent {
        id,
        previous_event_id,
        event_type: event_type.to_owned(),
        timestamp,
        state_name,
        input: member("input"),
        output: member("output"),
        error: member("error"),
        cause: member("cause"),
        detail_json: details.to_string(),
        details_key,
    }
}

/// Events without a state name of their own (a task scheduled, an activity started, a Map
/// iteration's events...) take the name of the state they follow from, unless that event ends
/// its state. `events` must be sorted by id.
pub(crate) fn inherit_state_names(events: &mut [HistoryEvent]) {
    let mut by_id: HashMap<i64, usize> = HashMap::new();
    for index in 0..events.len() {
        by_id.insert(events[index].id, index);
        if events[index].state_name.is_some() || events[index].event_type.starts_with("Execution") {
            continue;
        }
        let inherited = by_id
            .get(&events[index].previous_event_id)
            .map(|&p| &events[p])
            .filter(|p| !p.event_type.ends_with("StateExited"))
            .and_then(|p| p.state_name.clone());
        events[index].state_name = inherited;
    }
}

/// The history as `aws stepfunctions get-execution-history` prints it (camelCase members,
/// timestamps as epoch seconds with a fraction), pretty-printed with members in a fixed order:
/// workflow-core's [`ExecutionHistory::to_json`].
pub fn history_to_json(events: &[HistoryEvent]) -> String {
    let events = events.iter().map(core_event).collect();
    ExecutionHistory { events }.to_json()
}

/// The event as workflow-core models it.
fn core_event(e: &HistoryEvent) -> history::HistoryEvent {
    let seconds = e.timestamp.secs() as f64 + f64::from(e.timestamp.subsec_nanos() / 1000) / 1e6;
    history::HistoryEvent {
        id: u64::try_from(e.id).unwrap_or_default(),
        previous_event_id: Some(u64::try_from(e.previous_event_id).unwrap_or_default()),
        timestamp: Timestamp::Epoch(seconds),
        event_type: e.event_type.clone(),
        details: e.details_key.as_ref().map(|key| EventDetails {
            key: key.clone(),
            fields: match serde_json::from_str(&e.detail_json) {
                Ok(Value::Object(fields)) => fields,
                _ => Map::new(),
            },
        }),
    }
}

fn bad(message: impl Into<String>) -> Error {
    Error::Invalid {
        what: "the execution history JSON",
        message: message.into(),
    }
}

/// Reads the JSON of `GetExecutionHistory` (as [`history_to_json`] writes it, or as the AWS CLI
/// prints it) back into events, sorted by id: workflow-core's [`ExecutionHistory::from_json`].
pub fn history_from_json(text: &str) -> Result<Vec<HistoryEvent>> {
    let read = ExecutionHistory::from_json(text).map_err(|e| bad(e.to_string()))?;
    let mut events = Vec::with_capacity(read.events.len());
    for (index, event) in read.events.into_iter().enumerate() {
        let timestamp = match &event.timestamp {
            Timestamp::Epoch(seconds) => {
                let whole = seconds.floor();
                let micros = ((seconds - whole) * 1e6).round().min(999_999.0) as u32;
                DateTime::from_secs_and_nanos(whole as i64, micros * 1000)
            }
            Timestamp::Text(text) => DateTime::from_str(text, DateTimeFormat::DateTime)
                .map_err(|e| bad(format!("$.events[{index}].timestamp: {e}")))?,
        };
        let (details_key, details) = match event.details {
            Some(EventDetails { key, fields }) => (Some(key), Value::Object(fields)),
            None => (None, Value::Object(Map::new())),
        };
        events.push(event_from_parts(
            i64::try_from(event.id).map_err(|_| bad(format!("$.events[{index}].id: too large")))?,
            event
                .previous_event_id
                .map_or(0, |p| i64::try_from(p).unwrap_or_default()),
            &event.event_type,
            timestamp,
            details_key,
            &details,
        ));
    }
    events.sort_by_key(|e| e.id);
    inherit_state_names(&mut events);
    Ok(events)
}

#[cfg(test)]
mod tests {
    use aws_sdk_sfn::types::{
        ActivityFailedEventDetails, ActivityScheduledEventDetails, ActivityStartedEventDetails,
        EvaluationFailedEventDetails, HistoryEvent as SdkEvent, HistoryEventType,
        LambdaFunctionScheduledEventDetails, MapIterationEventDetails, MapRunStartedEventDetails,
        StateEnteredEventDetails,
    };

    use super::*;

    fn event(
        id: i64,
        previous: i64,
        kind: HistoryEventType,
    ) -> aws_sdk_sfn::types::builders::HistoryEventBuilder {
        SdkEvent::builder()
            .id(id)
            .previous_event_id(previous)
            .r#type(kind)
            .timestamp(DateTime::from_secs_and_nanos(
                1_700_000_000 + id,
                123_456_789,
            ))
    }

    /// A history with activity, Lambda, Map and evaluation events, as the SDK would give it.
    fn sample() -> Vec<HistoryEvent> {
        let sdk = vec![
            event(1, 0, HistoryEventType::TaskStateEntered)
                .state_entered_event_details(
                    StateEnteredEventDetails::builder()
                        .name("Charge")
                        .input(r#"{"n":1}"#)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
            event(2, 1, HistoryEventType::ActivityScheduled)
                .activity_scheduled_event_details(
                    ActivityScheduledEventDetails::builder()
                        .resource("arn:aws:states:us-east-1:1:activity:charge")
                        .input(r#"{"n":1}"#)
                        .heartbeat_in_seconds(30)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
            event(3, 2, HistoryEventType::ActivityStarted)
                .activity_started_event_details(
                    ActivityStartedEventDetails::builder()
                        .worker_name("w1")
                        .build(),
                )
                .build()
                .unwrap(),
            event(4, 3, HistoryEventType::ActivityFailed)
                .activity_failed_event_details(
                    ActivityFailedEventDetails::builder()
                        .error("Declined")
                        .cause("card expired")
                        .build(),
                )
                .build()
                .unwrap(),
            event(5, 0, HistoryEventType::LambdaFunctionScheduled)
                .lambda_function_scheduled_event_details(
                    LambdaFunctionScheduledEventDetails::builder()
                        .resource("arn:aws:lambda:us-east-1:1:function:f")
                        .input("{}")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
            event(6, 0, HistoryEventType::MapIterationStarted)
                .map_iteration_started_event_details(
                    MapIterationEventDetails::builder()
                        .name("Each")
                        .index(2)
                        .build(),
                )
                .build()
                .unwrap(),
            event(7, 6, HistoryEventType::MapRunStarted)
                .map_run_started_event_details(
                    MapRunStartedEventDetails::builder()
                        .map_run_arn("arn:run")
                        .build(),
                )
                .build()
                .unwrap(),
            event(8, 0, HistoryEventType::EvaluationFailed)
                .evaluation_failed_event_details(
                    EvaluationFailedEventDetails::builder()
                        .state("Pick")
                        .error("States.QueryEvaluationError")
                        .cause("bad path")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
            event(9, 8, HistoryEventType::ParallelStateStarted)
                .build()
                .unwrap(),
        ];
        let mut events: Vec<HistoryEvent> = sdk.iter().map(convert_event).collect();
        inherit_state_names(&mut events);
        events
    }

    #[test]
    fn every_kind_keeps_its_details_and_state() {
        let events = sample();
        assert_eq!(events[0].state_name.as_deref(), Some("Charge"));
        assert_eq!(events[0].input.as_deref(), Some(r#"{"n":1}"#));
        let scheduled: Value = serde_json::from_str(&events[1].detail_json).unwrap();
        assert_eq!(scheduled["heartbeatInSeconds"], 30);
        assert_eq!(
            events[1].details_key.as_deref(),
            Some("activityScheduledEventDetails")
        );
        // Activity events inherit the state they run in.
        assert_eq!(events[1].state_name.as_deref(), Some("Charge"));
        assert_eq!(events[2].state_name.as_deref(), Some("Charge"));
        assert_eq!(events[3].state_name.as_deref(), Some("Charge"));
        assert_eq!(events[3].error.as_deref(), Some("Declined"));
        assert_eq!(events[3].cause.as_deref(), Some("card expired"));
        assert_eq!(events[4].input.as_deref(), Some("{}"));
        assert_eq!(events[5].state_name.as_deref(), Some("Each"));
        assert_eq!(events[6].state_name.as_deref(), Some("Each"));
        assert_eq!(events[7].state_name.as_deref(), Some("Pick"));
        assert_eq!(
            events[7].error.as_deref(),
            Some("States.QueryEvaluationError")
        );
        assert_eq!(events[8].details_key, None);
        assert_eq!(events[8].detail_json, "{}");
        // Timestamps keep microseconds, which the JSON writes exactly.
        assert_eq!(events[0].timestamp.subsec_nanos(), 123_456_000);
    }

    #[test]
    fn history_json_has_the_cli_shape_and_round_trips() {
        let events = sample();
        let text = history_to_json(&events);
        assert!(text.contains(r#""timestamp": 1700000001.123456"#), "{text}");
        let value: Value = serde_json::from_str(&text).unwrap();
        let first = &value["events"][0];
        let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
        assert!(
            keys.iter().any(|k| *k == "stateEnteredEventDetails"),
            "{keys:?}"
        );
        assert_eq!(first["previousEventId"], 0);
        assert_eq!(
            value["events"][3]["activityFailedEventDetails"]["cause"],
            "card expired"
        );
        assert_eq!(history_from_json(&text).unwrap(), events);
    }

    #[test]
    fn malformed_history_json_is_an_error() {
        for bad in [
            "[]",
            r#"{"events": [1]}"#,
            r#"{"events": [{"id": 1}]}"#,
            "{",
        ] {
            assert!(history_from_json(bad).is_err(), "{bad}");
        }
    }
}
