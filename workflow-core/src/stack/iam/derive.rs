//! Walks every scope of a state machine and turns each Task, Distributed Map and HTTP call into
//! grants; [`super::normalize`] then merges them. An optimized integration's (and the HTTP
//! Task's) statements are its catalog entry's tables ([`crate::catalog`]), which
//! [`super::template`] fills from the request; `aws-sdk:` tasks go to [`super::aws_sdk`].
//!
//! Decisions where the Step Functions guide leaves room:
//! - A value chosen at run time (a `.$` path or intrinsic, a JSONata expression) widens the
//!   resource to every resource of its kind *in the account and region* (`function:*`,
//!   `table/*`, …) rather than the guide's `"*"`, and the statement says why; cross-account
//!   targets named at run time need an override.
//! - DynamoDB tasks get only the action they call, not the guide's four item actions.
//! - A Task with `Credentials` runs its integration with the role it assumes: the execution
//!   role gets `sts:AssumeRole` on that role and nothing for the integration.
//! - A `Resource` that is one whole placeholder (`${ChargeFunctionArn}`) or a CloudFormation
//!   intrinsic is taken to be a Lambda function ARN (the usual DefinitionSubstitutions use),
//!   unless its name says `Activity`.
//! - A Distributed Map's child executions are `execution:NAME:*` (the Step Functions guide)
//!   and `execution:NAME/*` (the form Map Run child executions take); both are granted.
//! - `.sync` events rules are granted only for `.sync` tasks.

use super::reasons::*;
use super::resources::*;
use super::values::*;
use super::{IamOptions, Statement, grant, sdk};
use crate::catalog::{self, EventsRule, Pattern, SyncRole};
use crate::model::{
    InputType, Io, ItemReader, Map, ProcessorMode, Resource, ResultWriter, Scope, StateKind, Task,
};
use crate::validate::resource::{ResourceKind, classify};

pub(super) fn grants(machine: &crate::StateMachine, options: &IamOptions) -> Vec<Statement> {
    let mut cx = Cx {
        options,
        out: Vec::new(),
    };
    cx.scope(&machine.scope);
    cx.out
}

pub(super) struct Cx<'o> {
    pub(super) options: &'o IamOptions,
    out: Vec<Statement>,
}

impl Cx<'_> {
    pub(super) fn push(&mut self, sid: &str, actions: &[&str], (resources, reason): Res) {
        self.out.push(grant(sid, actions, resources, reason));
    }

    pub(super) fn push_if(
        &mut self,
        sid: &str,
        actions: &[&str],
        res: Res,
        conditions: Conditions,
    ) {
        let mut g = grant(sid, actions, res.0, res.1);
        g.conditions = conditions;
        self.out.push(g);
    }

    /// The managed EventBridge rule of a `.sync` integration, if it has one.
    fn events_rule(&mut self, role: &SyncRole) {
        if let EventsRule::Managed(rule) = role.events_rule {
            self.push(
                "EventsManagedRules",
                catalog::EVENTS_RULE_ACTIONS,
                (vec![arn("events", &format!("rule/{rule}"))], None),
            );
        }
    }

    /// The machine's own ARN and its executions.
    fn own(&self) -> (String, Vec<String>, Option<&'static str>) {
        match &self.options.state_machine_name {
            Some(name) => (
                arn("states", &format!("stateMachine:{name}")),
                vec![
                    arn("states", &format!("execution:{name}:*")),
                    arn("states", &format!("execution:{name}/*")),
                ],
                None,
            ),
            None => (
                arn("states", "stateMachine:*"),
                vec![arn("states", "execution:*")],
                Some(R_OWN_NAME),
            ),
        }
    }

    fn scope(&mut self, scope: &Scope) {
        for named in &scope.states {
            match &named.state.kind {
                StateKind::Task(t) => self.task(t),
                StateKind::Parallel(p) => {
                    for branch in &p.branches {
                        self.scope(branch);
                    }
                }
                StateKind::Map(m) => self.map(m),
                _ => {}
            }
        }
    }

    fn task(&mut self, t: &Task) {
        if let Some(credentials) = &t.credentials {
            // The integration runs with the assumed role's permissions.
            let res = role_resources(&get(&val(Some(credentials)), "RoleArn"));
            self.push("StsAssumeRole", &["sts:AssumeRole"], res);
            return;
        }
        let params = match &t.io {
            Io::JsonPath(io) => io.parameters.as_ref(),
            Io::Jsonata(io) => io.arguments.as_ref(),
        };
        let resource = match &t.resource {
            Resource::Arn(s) => s.clone(),
            Resource::Cfn(j) => match cfn_json(j) {
                Some(s) => s,
                None => return,
            },
        };
        let Ok(kind) = classify(&resource) else {
            return; // the validator reports it
        };
        let p = val(params);
        match kind {
            ResourceKind::Lambda { .. } => {
                self.push(
                    "LambdaInvokeFunction",
                    &["lambda:InvokeFunction"],
                    (function_arns(&resource), None),
                );
            }
            ResourceKind::Placeholder => {
                if is_whole_placeholder(&resource)
                    && !placeholder_name(&resource)
                        .to_ascii_lowercase()
                        .contains("activity")
                {
                    self.push(
                        "LambdaInvokeFunction",
                        &["lambda:InvokeFunction"],
                        (vec![resource.clone(), format!("{resource}:*")], None),
                    );
                }
            }
            ResourceKind::Activity { .. } => {}
            ResourceKind::Http => self.integration("http", "invoke", Pattern::RequestResponse, &p),
            ResourceKind::AwsSdk {
                service, action, ..
            } => self.sdk(&service, &action, &p),
            ResourceKind::Integration {
                service,
                action,
                pattern,
            } => self.integration(&service, &action, pattern, &p),
        }
    }

    /// An optimized integration: the catalog's statements for the pattern, with the polling
    /// statements and events rule of a task that waits for a job.
    fn integration(&mut self, service: &str, action: &str, pattern: Pattern, p: &Val<'_>) {
        if service.contains("${") || action.contains("${") {
            return; // only the deploy knows what is called
        }
        let Some(entry) = catalog::action(service, action) else {
            let act = format!("{service}:{}", sdk::pascal_case(action));
            self.push(&sid_of(&act), &[&act], (star(), Some(R_UNKNOWN)));
            return;
        };
        let sync = pattern.waits_for_job();
        self.table(entry.grants.iter().filter(|g| !(sync && g.unless_sync)), p);
        if sync && let Some(role) = &entry.sync {
            self.table(role.polling, p);
            self.events_rule(role);
        }
    }

    fn map(&mut self, m: &Map) {
        self.scope(&m.processor.scope);
        if m.processor.mode() != ProcessorMode::Distributed {
            return;
        }
        let (own, executions, reason) = self.own();
        self.push(
            "StatesStartExecution",
            &["states:StartExecution"],
            (vec![own], reason),
        );
        self.push(
            "StatesManageExecutions",
            &["states:DescribeExecution", "states:StopExecution"],
            (executions, reason),
        );
        if let Some(reader) = &m.item_reader {
            self.item_reader(reader);
        }
        if let Some(writer) = &m.result_writer
            && writer.resource.is_some()
        {
            self.result_writer(writer);
        }
    }

    fn item_reader(&mut self, reader: &ItemReader) {
        let resource = match &reader.resource {
            Resource::Arn(s) => s.clone(),
            Resource::Cfn(j) => cfn_json(j).unwrap_or_default(),
        };
        let p = val(reader.parameters.as_ref());
        let bucket = get(&p, "Bucket");
        let get_object = !resource.ends_with(":listObjectsV2");
        let list = !resource.ends_with(":getObject");
        if get_object {
            let objects = s3_object_resources(&bucket, &get(&p, "Key"), R_MISSING);
            self.push("DistributedMapReadItems", &["s3:GetObject"], objects);
            let manifest = reader
                .reader_config
                .as_ref()
                .and_then(|c| c.input_type)
                .is_some_and(|t| t == InputType::Manifest);
            if manifest && let Val::Lit(b) = &bucket {
                self.push(
                    "DistributedMapReadItems",
                    &["s3:GetObject"],
                    (vec![s3(&format!("{b}/*"))], Some(R_MANIFEST)),
                );
            }
        }
        if list {
            let (res, conditions) = s3_bucket_resources(&bucket, &get(&p, "Prefix"), R_MISSING);
            self.push_if(
                "DistributedMapListItems",
                &["s3:ListBucket"],
                res,
                conditions,
            );
        }
    }

    fn result_writer(&mut self, writer: &ResultWriter) {
        let p = val(writer.parameters.as_ref());
        let res = match (get(&p, "Bucket"), get(&p, "Prefix")) {
            (Val::Lit(b), Val::Lit(prefix)) => (vec![s3(&format!("{b}/{prefix}*"))], None),
            (Val::Lit(b), Val::Absent) => (vec![s3(&format!("{b}/*"))], None),
            (Val::Lit(b), _) => (vec![s3(&format!("{b}/*"))], Some(R_DYNAMIC)),
            (v, _) => wide(&v, s3("*"), R_DYNAMIC),
        };
        self.push(
            "DistributedMapWriteResults",
            &[
                "s3:AbortMultipartUpload",
                "s3:GetObject",
                "s3:ListMultipartUploadParts",
                "s3:PutObject",
            ],
            res,
        );
    }
}
