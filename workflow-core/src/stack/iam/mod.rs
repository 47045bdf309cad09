//! Least-privilege IAM for a state machine's execution role, derived from its definition.
//!
//! Every Task (and Distributed Map reader, writer and child execution) contributes exactly the
//! statements its integration needs; nothing is granted for states that call nothing. Resource
//! strings may hold `${Placeholder}`s (the definition's DefinitionSubstitutions) and the
//! CloudFormation pseudo parameters `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`;
//! the template emitter wraps them in `Fn::Sub`. A CloudFormation intrinsic written in the
//! definition (`{"Ref": "Queue"}`, `{"Fn::GetAtt": ["Fn", "Arn"]}`) is read as the placeholder
//! `${Ref:Queue}` / `${GetAtt:Fn.Arn}`, the form
//! [`crate::validate::resource`] accepts in resources.
//!
//! ```
//! use workflow_core::iam::{IamOptions, execution_role_statements};
//! use workflow_core::{check, Format, Options};
//!
//! let text = r#"{"StartAt": "Charge", "States": {"Charge": {
//!     "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
//!     "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "End": true}}}"#;
//! let machine = check(text, Format::Json, &Options::default()).machine.unwrap();
//! let statements = execution_role_statements(&machine, &IamOptions::default());
//! assert_eq!(statements[0].actions, ["lambda:InvokeFunction"]);
//! assert_eq!(
//!     statements[0].resources,
//!     [
//!         "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:charge",
//!         "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:charge:*",
//!     ]
//! );
//! ```
//!
//! Where the statements come from: the IAM pages of the AWS Step Functions Developer Guide
//! ("How Step Functions generates IAM policies for integrated services" and one page per
//! service: lambda-iam, stepfunctions-iam, batch-iam, ecs-iam, dynamo-iam, sns-iam, sqs-iam,
//! eventbridge-iam, api-gateway-iam, athena-iam, glue-iam, codebuild-iam, databrew-iam,
//! emr-iam, sagemaker-iam, activities-iam, xray-iam, cw-logs "IAM policies for logging to
//! CloudWatch Logs"), "Call HTTPS APIs" (IAM permissions to run an HTTP Task), "IAM policies for
//! using Distributed Map states" and "Accessing cross-account AWS resources" (Task
//! `Credentials`). The `aws-sdk` service → IAM prefix table follows the Service Authorization
//! Reference (see [`iam_prefix`]). Decisions where those pages leave room are noted at each
//! integration in `derive.rs` and at each catalog entry.

mod aws_sdk;
mod derive;
mod reasons;
mod resources;
mod sdk;
mod template;
#[cfg(test)]
pub(crate) mod tests;
mod values;

pub use sdk::{iam_prefix, pascal_case, sdk_iam_actions};

use std::collections::{BTreeMap, BTreeSet};

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement of an IAM policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Statement {
    /// A stable, readable statement id (e.g. `LambdaInvokeFunction`), unique within a policy,
    /// made of ASCII letters and digits only (as IAM requires).
    pub sid: String,
    pub effect: Effect,
    /// `service:Action`, sorted and deduplicated.
    pub actions: Vec<String>,
    /// ARNs (possibly with `${…}` substitutions), sorted and deduplicated; `*` only where the
    /// service offers no resource-level permission, and then `wildcard_reason` says why.
    pub resources: Vec<String>,
    /// Why the statement is wider than the definition pins down: why `*` (or a wildcard such
    /// as `function:*`) is a resource, or why a condition the statement would otherwise carry
    /// is missing.
    pub wildcard_reason: Option<&'static str>,
    /// IAM conditions, as `(operator, key, value)`, e.g. `("StringEquals", "iam:PassedToService",
    /// "ecs-tasks.amazonaws.com")`; sorted, and each `(operator, key)` appears at most once.
    pub conditions: Vec<(String, String, String)>,
}

/// What [`execution_role_statements`] needs to know beyond the definition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IamOptions {
    /// The state machine delivers its logs to CloudWatch Logs (a `LoggingConfiguration` with a
    /// level other than `OFF`): add the log-delivery statement.
    pub logging: bool,
    /// X-Ray tracing is enabled: add the X-Ray statement.
    pub tracing: bool,
    /// The state machine's own name (it may hold `${…}`, e.g. `${AWS::StackName}-Orders`). A
    /// Distributed Map starts child executions of the machine itself, and an HTTP Task is
    /// authorized on the machine's ARN; without the name those statements name every state
    /// machine of the account and region, and say so.
    pub state_machine_name: Option<String>,
}

/// The statements the execution role of `machine` needs: one per integration and action set,
/// resources merged, sorted by statement id. A machine that calls nothing (only Pass, Choice,
/// Wait, Succeed, Fail, inline Maps and Parallels of those, or activities) gets none, unless
/// `options` asks for logging or tracing.
///
/// Nothing is granted for activity tasks: workers poll the activity with their own
/// credentials, and the Step Functions guide asks nothing of the execution role for them.
pub fn execution_role_statements(
    machine: &crate::StateMachine,
    options: &IamOptions,
) -> Vec<Statement> {
    let mut grants = derive::grants(machine, options);
    if options.logging {
        grants.push(grant(
            "CloudWatchLogsDelivery",
            &[
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ],
            vec!["*".into()],
            Some(reasons::R_LOGS),
        ));
    }
    if options.tracing {
        grants.push(grant(
            "XRayTracing",
            &[
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
            ],
            vec!["*".into()],
            Some(reasons::R_XRAY),
        ));
    }
    normalize(grants)
}

/// The policy a user ends up with: `derived` (from [`execution_role_statements`]), where each
/// statement of `overrides` replaces the derived statement with the same `sid` (an override
/// with no actions removes it; one whose sid matches nothing is added), then `extra` added.
/// An `extra` statement whose sid is already taken gets a number appended (`Sid2`, `Sid3`, …);
/// identical statements are kept once. Every statement's lists are sorted and deduplicated, and
/// the result is sorted by sid.
pub fn merge(
    derived: Vec<Statement>,
    overrides: &[Statement],
    extra: &[Statement],
) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::with_capacity(derived.len() + extra.len());
    for s in derived {
        match overrides.iter().rev().find(|o| o.sid == s.sid) {
            Some(o) if o.actions.is_empty() => {}
            Some(o) => out.push(o.clone()),
            None => out.push(s),
        }
    }
    let mut taken: BTreeSet<String> = out.iter().map(|s| s.sid.clone()).collect();
    let mut seen_override = BTreeSet::new();
    for o in overrides.iter().rev() {
        if !seen_override.insert(o.sid.clone()) {
            continue; // a later override with the same sid won
        }
        if !o.actions.is_empty() && taken.insert(o.sid.clone()) {
            out.push(o.clone());
        }
    }
    for e in extra {
        let mut e = tidy(e.clone());
        if out.iter().any(|s| tidy(s.clone()) == e) {
            continue;
        }
        if taken.contains(&e.sid) {
            let base = e.sid.clone();
            let mut n = 2;
            while taken.contains(&format!("{base}{n}")) {
                n += 1;
            }
            e.sid = format!("{base}{n}");
        }
        taken.insert(e.sid.clone());
        out.push(e);
    }
    let mut out: Vec<Statement> = out.into_iter().map(tidy).collect();
    out.sort();
    out.dedup();
    out
}

/// A statement with the given label, actions and resources, `Allow`, no conditions.
fn grant(
    sid: &str,
    actions: &[&str],
    resources: Vec<String>,
    reason: Option<&'static str>,
) -> Statement {
    Statement {
        sid: sid.to_string(),
        effect: Effect::Allow,
        actions: actions.iter().map(|a| a.to_string()).collect(),
        resources,
        wildcard_reason: reason,
        conditions: Vec::new(),
    }
}

/// Sorts and deduplicates a statement's lists.
fn tidy(mut s: Statement) -> Statement {
    s.actions.sort();
    s.actions.dedup();
    s.resources.sort();
    s.resources.dedup();
    s.conditions.sort();
    s.conditions.dedup();
    s
}

/// Merges grants with the same effect, action set and conditions (their resources joined, a
/// resource covered by another's wildcard dropped), then makes statement ids unique and sorts.
fn normalize(grants: Vec<Statement>) -> Vec<Statement> {
    type Key = (Effect, Vec<String>, Vec<(String, String, String)>);
    // Per group: the smallest label, and each resource with the reasons it was granted for.
    let mut groups: BTreeMap<Key, (String, BTreeMap<String, BTreeSet<&'static str>>)> =
        BTreeMap::new();
    for g in grants.into_iter().map(tidy) {
        if g.actions.is_empty() || g.resources.is_empty() {
            continue;
        }
        let entry = groups
            .entry((g.effect, g.actions, g.conditions))
            .or_insert_with(|| (g.sid.clone(), BTreeMap::new()));
        if g.sid < entry.0 {
            entry.0 = g.sid.clone();
        }
        for r in g.resources {
            let reasons = entry.1.entry(r).or_default();
            reasons.extend(g.wildcard_reason);
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for ((effect, actions, conditions), (sid, resources)) in groups {
        let kept: Vec<(&String, &BTreeSet<&'static str>)> = if resources.contains_key("*") {
            resources.iter().filter(|(r, _)| *r == "*").collect()
        } else {
            resources
                .iter()
                .filter(|(r, _)| {
                    !resources
                        .keys()
                        .any(|p| p != *r && p.contains('*') && glob_match(p, r))
                })
                .collect()
        };
        let wildcard_reason = kept.iter().flat_map(|(_, why)| why.iter()).min().copied();
        out.push(Statement {
            sid,
            effect,
            actions,
            resources: kept.into_iter().map(|(r, _)| r.clone()).collect(),
            wildcard_reason,
            conditions,
        });
    }
    out.sort();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in &mut out {
        let n = counts.entry(s.sid.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            s.sid = format!("{}{}", s.sid, n);
        }
    }
    out.sort();
    out
}

/// IAM-style matching: `*` matches any run of characters, `?` exactly one.
fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}
