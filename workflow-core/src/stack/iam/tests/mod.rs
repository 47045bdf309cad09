//! Exact statements for each integration, from ASL text; one file per group of services.

use super::reasons::*;
use super::resources::*;
use super::values::*;
use super::*;
use crate::{Format, Options, check};

/// The machine of a valid definition (the catalog's tests use it too).
pub(crate) fn machine(text: &str) -> crate::StateMachine {
    let report = check(text, Format::Json, &Options::default());
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    report.machine.unwrap()
}

fn named() -> IamOptions {
    IamOptions {
        state_machine_name: Some("Orders".into()),
        ..IamOptions::default()
    }
}

fn derive(text: &str) -> Vec<Statement> {
    execution_role_statements(&machine(text), &named())
}

/// A machine of one Task state (JSONPath); `fields` is the rest of the state, e.g.
/// `"Parameters": {…}`.
fn one_task(resource: &str, fields: &str) -> String {
    let sep = if fields.is_empty() { "" } else { ", " };
    format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}"{sep}{fields}, "End": true}}}}}}"#
    )
}

/// `arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:RESOURCE`.
fn a(service: &str, resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")
}

fn st(sid: &str, actions: &[&str], resources: &[&str], reason: Option<&'static str>) -> Statement {
    Statement {
        sid: sid.into(),
        effect: Effect::Allow,
        actions: actions.iter().map(|s| s.to_string()).collect(),
        resources: resources.iter().map(|s| s.to_string()).collect(),
        wildcard_reason: reason,
        conditions: Vec::new(),
    }
}

fn when(mut s: Statement, conditions: &[(&str, &str, &str)]) -> Statement {
    s.conditions = conditions
        .iter()
        .map(|(o, k, v)| (o.to_string(), k.to_string(), v.to_string()))
        .collect();
    s
}

fn events_rule(rule: &str) -> Statement {
    st(
        "EventsManagedRules",
        &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        &[&a("events", &format!("rule/{rule}"))],
        None,
    )
}

#[track_caller]
fn same(got: Vec<Statement>, want: Vec<Statement>) {
    if got != want {
        panic!(
            "statements differ\n--- got\n{}\n--- want\n{}",
            show(&got),
            show(&want)
        );
    }
}

fn show(statements: &[Statement]) -> String {
    statements
        .iter()
        .map(|s| format!("{s:#?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The wildcard reason the catalog gives statement `sid` of an integration.
fn catalog_reason(service: &str, action: &str, sid: &str) -> Option<&'static str> {
    let entry = crate::catalog::action(service, action).unwrap();
    let table = entry.grants;
    let polling = entry.sync.as_ref().map_or(&[][..], |s| s.polling);
    table
        .iter()
        .chain(polling)
        .find(|g| g.sid == sid)
        .unwrap()
        .wildcard
}

mod aws_sdk;
mod compute;
mod jobs;
mod messaging;
mod roles;
mod scopes;
