//! Walks every scope of a state machine and turns each Task, Distributed Map and HTTP call into
//! grants; [`super::normalize`] then merges them.
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

use super::{IamOptions, Statement, grant, sdk};
use crate::catalog::{self, EventsRule, Grants, Pattern};
use crate::expr::{Arg, Dynamic, Jsonata};
use crate::model::{
    InputType, Io, ItemReader, Json, Map, ProcessorMode, Resource, ResultWriter, Scope, StateKind,
    Task, Template,
};
use crate::validate::resource::{ResourceKind, classify};

pub(super) const R_LOGS: &str = "CloudWatch Logs log-delivery APIs have no resource-level \
     permissions; the Step Functions guide grants them on `*`";
pub(super) const R_XRAY: &str = "X-Ray trace and sampling APIs have no resource-level \
     permissions; the Step Functions guide grants them on `*`";
pub(super) const R_FUNCTION_DYNAMIC: &str = "the function is chosen at run time (a path or JSONata \
     expression), so any function of the account and region may be invoked";
pub(super) const R_DYNAMIC: &str = "the resource is chosen at run time (a path or JSONata expression), \
     so any resource of its kind in the account and region is allowed";
pub(super) const R_MISSING: &str = "the integration's resource is not in the definition";
pub(super) const R_SDK: &str = "the aws-sdk action's resource is not in the definition";
pub(super) const R_ECS_TASKS: &str = "an ECS task's id is known only once it runs, so any task of \
     the cluster is named (Step Functions stops only the tasks it started)";
pub(super) const R_ECS_ROLES: &str = "the task and execution roles are in the ECS task definition, not \
     in the state machine definition, so any role of the account may be passed to ECS tasks";
pub(super) const R_CHILD_EXECUTIONS: &str = "the child state machine's name cannot be read from its ARN \
     placeholder, so executions of any state machine of the account and region may be \
     described and stopped";
pub(super) const R_OWN_NAME: &str = "the state machine's own name was not given \
     (IamOptions::state_machine_name), so any state machine of the account and region is named";
pub(super) const R_QUEUE_PLACEHOLDER: &str = "the queue URL placeholder does not name the queue's ARN: \
     write `${NameUrl}` and also supply `${NameArn}`, or use `${GetAtt:Queue.QueueUrl}` or \
     `${Ref:Queue}`; until then any queue of the account and region is allowed";
pub(super) const R_QUEUE_URL: &str = "the queue URL is not of the form \
     https://sqs.REGION.amazonaws.com/ACCOUNT/NAME, so any queue of the account and region \
     is allowed";
pub(super) const R_SMS: &str =
    "the message goes to a phone number (SMS), which has no resource ARN";
pub(super) const R_HTTP_ENDPOINT: &str = "the HTTP endpoint or method is chosen at run time, so the \
     statement restricts states:HTTPEndpoint and states:HTTPMethod only as far as the \
     definition fixes them";
pub(super) const R_CONNECTION_SECRET: &str = "the EventBridge connection's name is not in the \
     definition, so every connection secret (`events!connection/*`) may be read, as the Step \
     Functions guide shows";
pub(super) const R_ATHENA: &str = "Athena reads and writes S3 locations, Glue catalog objects and data \
     catalogs the definition does not name; the Step Functions guide grants them this widely";
pub(super) const R_LAKE_FORMATION: &str = "lakeformation:GetDataAccess has no resource-level \
     permissions; Athena needs it for tables that Lake Formation governs";
pub(super) const R_ATHENA_WORKGROUP: &str = "the query's work group is not in the definition";
pub(super) const R_UNKNOWN: &str = "workflow-rs has no IAM template for this optimized integration: only \
     its API action is granted, on `*`; see the service's IAM page in the Step Functions guide \
     (a .sync task also needs its polling actions and events rule)";
pub(super) const R_ROLE_DYNAMIC: &str = "the role is chosen at run time or not in the definition, so any \
     role of the account may be used";
pub(super) const R_SAGEMAKER_TAGS: &str = "the tags of any SageMaker resource of the account and region may be listed, as the Step \
     Functions guide grants sagemaker:ListTags on every resource";
pub(super) const R_EMR_NEW_CLUSTER: &str = "a new cluster's id is unknown before it runs, so any \
     cluster of the account and region is named";
pub(super) const R_EMR_RUN_JOB_FLOW: &str =
    "elasticmapreduce:RunJobFlow has no resource-level permissions";
pub(super) const R_API: &str = "the API's id, region, stage, method or path is not fixed in the \
     definition (or the endpoint is a custom domain), so any of them is allowed";
pub(super) const R_MANIFEST: &str = "a manifest lists the objects to read, which the definition does not \
     name";
pub(super) const R_BUILDS: &str = "builds and reports are named by ids known only at run time";

/// `arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:RESOURCE`.
fn arn(service: &str, resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")
}

/// `arn:${AWS::Partition}:s3:::RESOURCE`.
fn s3(resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:s3:::{resource}")
}

/// `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/NAME`, or the ARN as written.
fn role(name_or_arn: &str) -> String {
    if name_or_arn.starts_with("arn:") || is_whole_placeholder(name_or_arn) {
        name_or_arn.to_string()
    } else {
        format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{name_or_arn}")
    }
}

fn any_role() -> String {
    role("*")
}

fn star() -> Vec<String> {
    vec!["*".to_string()]
}

/// A statement id from an IAM action: `s3:GetObject` → `S3GetObject`, `execute-api:Invoke` →
/// `ExecuteApiInvoke`.
pub(super) fn sid_of(action: &str) -> String {
    action
        .split([':', '-'])
        .map(sdk::pascal_case)
        .collect::<String>()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Placeholders and ARNs

/// The string is exactly one `${…}`.
fn is_whole_placeholder(s: &str) -> bool {
    crate::placeholder::whole(s).is_some()
}

fn placeholder_name(s: &str) -> &str {
    crate::placeholder::whole(s).unwrap_or_default()
}

/// A whole placeholder whose name says it holds an ARN (`${ChargeFunctionArn}`,
/// `${GetAtt:Fn.Arn}`).
fn placeholder_is_arn(s: &str) -> bool {
    let name = placeholder_name(s);
    name.ends_with("Arn") || name.ends_with("ARN") || name.ends_with("arn")
}

/// Splits on `sep`, leaving `${…}` placeholders (which may hold `:` or `.`) whole.
pub(super) fn split_outside(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_placeholder = false;
    let mut prev = '\0';
    for (i, c) in s.char_indices() {
        if in_placeholder {
            if c == '}' {
                in_placeholder = false;
            }
        } else if c == '{' && prev == '$' {
            in_placeholder = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
        prev = c;
    }
    parts.push(&s[start..]);
    parts
}

/// A CloudFormation intrinsic as a placeholder: `{"Ref": "X"}` → `${Ref:X}` (`${AWS::Region}`
/// for pseudo parameters), `{"Fn::GetAtt": ["X", "Arn"]}` → `${GetAtt:X.Arn}`, `{"Fn::Sub":
/// "text"}` → the text.
fn cfn_json(j: &Json) -> Option<String> {
    let Json::Object(members) = j else {
        return None;
    };
    let [(key, value)] = members.as_slice() else {
        return None;
    };
    match (key.as_str(), value) {
        ("Ref", Json::String(x)) => Some(ref_placeholder(x)),
        ("Fn::GetAtt", Json::String(x)) => Some(format!("${{GetAtt:{x}}}")),
        ("Fn::GetAtt", Json::Array(parts)) => match parts.as_slice() {
            [Json::String(a), Json::String(b)] => Some(format!("${{GetAtt:{a}.{b}}}")),
            _ => None,
        },
        ("Fn::Sub", Json::String(x)) => Some(x.clone()),
        _ => None,
    }
}

fn cfn_template(members: &[(String, Template)]) -> Option<String> {
    let [(key, value)] = members else {
        return None;
    };
    match (key.as_str(), value) {
        ("Ref", Template::String(x)) => Some(ref_placeholder(x)),
        ("Fn::GetAtt", Template::String(x)) => Some(format!("${{GetAtt:{x}}}")),
        ("Fn::GetAtt", Template::Array(parts)) => match parts.as_slice() {
            [Template::String(a), Template::String(b)] => Some(format!("${{GetAtt:{a}.{b}}}")),
            _ => None,
        },
        ("Fn::Sub", Template::String(x)) => Some(x.clone()),
        _ => None,
    }
}

fn ref_placeholder(x: &str) -> String {
    if x.starts_with("AWS::") {
        format!("${{{x}}}")
    } else {
        format!("${{Ref:{x}}}")
    }
}

/// `${GetAtt:X.Arn}` or `${Ref:X}` of a CloudFormation resource → `${GetAtt:X.ATTRIBUTE}`.
fn cfn_sibling(placeholder: &str, attribute: &str) -> Option<String> {
    let name = placeholder_name(placeholder);
    let logical = if let Some(rest) = name.strip_prefix("GetAtt:") {
        rest.split_once('.')?.0
    } else {
        name.strip_prefix("Ref:")?
    };
    Some(format!("${{GetAtt:{logical}.{attribute}}}"))
}

// ---------------------------------------------------------------------------------------------
// Parameter values

/// What the definition says about one parameter.
#[derive(Debug, Clone)]
enum Val<'a> {
    Absent,
    /// A fixed string (numbers and booleans as text); placeholders allowed.
    Lit(String),
    /// Chosen at run time: a path, an intrinsic function or a JSONata expression.
    Dyn,
    Obj(&'a [(String, Template)]),
    Arr(&'a [Template]),
}

fn val(t: Option<&Template>) -> Val<'_> {
    match t {
        None | Some(Template::Null) => Val::Absent,
        Some(Template::String(s)) => Val::Lit(s.clone()),
        Some(Template::Number(n)) => Val::Lit(n.to_string()),
        Some(Template::Bool(b)) => Val::Lit(b.to_string()),
        Some(Template::Expr(j)) => jsonata_literal(j).map_or(Val::Dyn, Val::Lit),
        Some(Template::Dynamic(_)) => Val::Dyn,
        Some(Template::Array(items)) => Val::Arr(items),
        Some(Template::Object(members)) => {
            cfn_template(members).map_or(Val::Obj(members), Val::Lit)
        }
    }
}

/// The member `key` of an object value (`Dyn` when the whole object is chosen at run time).
fn get<'a>(v: &Val<'a>, key: &str) -> Val<'a> {
    match v {
        Val::Obj(members) => val(raw(members, key)),
        Val::Dyn => Val::Dyn,
        _ => Val::Absent,
    }
}

fn raw<'a>(members: &'a [(String, Template)], key: &str) -> Option<&'a Template> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `{% 'text' %}`: a JSONata expression that is just a string literal.
fn jsonata_literal(j: &Jsonata) -> Option<String> {
    let body = j.body().trim();
    let quote = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = body.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote) && !inner.contains('\\')).then(|| inner.to_string())
}

/// The fixed start of a value built at run time: `States.Format('https://api.example.com/{}',
/// $.id)` → `https://api.example.com/`, `{% 'https://api.example.com/' & $id %}` → the same.
pub(super) fn literal_prefix(t: Option<&Template>) -> Option<String> {
    let prefix = match t? {
        Template::Dynamic(Dynamic::Intrinsic(call)) if call.name == "States.Format" => {
            match call.args.first()? {
                Arg::String(format) => format.split('{').next()?.to_string(),
                _ => return None,
            }
        }
        Template::Expr(j) => {
            let body = j.body().trim_start();
            let quote = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let rest = &body[1..];
            let end = rest.find(quote)?;
            let literal = &rest[..end];
            if literal.contains('\\') || !rest[end + 1..].trim_start().starts_with('&') {
                return None;
            }
            literal.to_string()
        }
        _ => return None,
    };
    (!prefix.is_empty()).then_some(prefix)
}

/// Resources with the reason they are wider than the definition says.
type Res = (Vec<String>, Option<&'static str>);

/// `(operator, key, value)` triples.
type Conditions = Vec<(String, String, String)>;

/// A wildcard resource, with `R_MISSING` when the value is absent and `dynamic` otherwise.
fn wide(v: &Val<'_>, resource: String, dynamic: &'static str) -> Res {
    let why = if matches!(v, Val::Absent) {
        R_MISSING
    } else {
        dynamic
    };
    (vec![resource], Some(why))
}

// ---------------------------------------------------------------------------------------------
// Resources of each kind

/// A function name, partial ARN, ARN (qualifier dropped) or placeholder → the function and its
/// versions and aliases.
pub(super) fn function_arns(s: &str) -> Vec<String> {
    let base = if s.starts_with("arn:") {
        let c = split_outside(s, ':');
        if c.len() >= 7 {
            c[..7].join(":")
        } else {
            s.to_string()
        }
    } else if is_whole_placeholder(s) && placeholder_is_arn(s) {
        s.to_string()
    } else {
        let c = split_outside(s, ':');
        if c.len() >= 3 && c[1] == "function" {
            format!(
                "arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:{}:function:{}",
                c[0], c[2]
            )
        } else {
            arn("lambda", &format!("function:{}", c[0]))
        }
    };
    vec![base.clone(), format!("{base}:*")]
}

fn function_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) => (function_arns(s), None),
        _ => wide(v, arn("lambda", "function:*"), R_FUNCTION_DYNAMIC),
    }
}

fn table_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) if s.starts_with("arn:") => (vec![s.clone()], None),
        Val::Lit(s) => (vec![arn("dynamodb", &format!("table/{s}"))], None),
        _ => wide(v, arn("dynamodb", "table/*"), R_DYNAMIC),
    }
}

fn topic_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) => (vec![s.clone()], None),
        _ => wide(v, arn("sns", "*"), R_DYNAMIC),
    }
}

/// `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` (or the legacy
/// `https://REGION.queue.amazonaws.com/…`) → `arn:${AWS::Partition}:sqs:REGION:ACCOUNT:NAME`; a
/// placeholder URL by convention (`${GetAtt:Q.QueueUrl}` / `${Ref:Q}` → `${GetAtt:Q.Arn}`,
/// `${NameUrl}` → `${NameArn}`).
fn queue_resources(v: &Val<'_>) -> Res {
    let Val::Lit(url) = v else {
        return wide(v, arn("sqs", "*"), R_DYNAMIC);
    };
    if is_whole_placeholder(url) {
        let name = placeholder_name(url);
        let arn_placeholder = if (name.starts_with("GetAtt:") && name.ends_with(".QueueUrl"))
            || name.starts_with("Ref:")
        {
            cfn_sibling(url, "Arn")
        } else {
            ["Url", "URL", "url"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .map(|stem| format!("${{{stem}Arn}}"))
        };
        return match arn_placeholder {
            Some(a) => (vec![a], None),
            None => (vec![arn("sqs", "*")], Some(R_QUEUE_PLACEHOLDER)),
        };
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let parts = split_outside(rest, '/');
    if let [host, account, name] = parts.as_slice()
        && !account.is_empty()
        && !name.is_empty()
    {
        let labels = split_outside(host, '.');
        let region = match labels.as_slice() {
            ["sqs", region, ..] => Some(region.to_string()),
            ["queue", "amazonaws", ..] => Some("us-east-1".to_string()),
            [region, "queue", ..] => Some(region.to_string()),
            _ => None,
        };
        if let Some(region) = region {
            return (
                vec![format!(
                    "arn:${{AWS::Partition}}:sqs:{region}:{account}:{name}"
                )],
                None,
            );
        }
    }
    (vec![arn("sqs", "*")], Some(R_QUEUE_URL))
}

fn secret_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) if s.starts_with("arn:") || is_whole_placeholder(s) => (vec![s.clone()], None),
        Val::Lit(s) => (
            vec![arn("secretsmanager", &format!("secret:{s}-??????"))],
            None,
        ),
        _ => wide(v, arn("secretsmanager", "secret:*"), R_DYNAMIC),
    }
}

fn role_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) => (vec![role(s)], None),
        _ => (vec![any_role()], Some(R_ROLE_DYNAMIC)),
    }
}

/// An ECS task definition (family, family:revision, ARN or placeholder) → its ARN; a family
/// without revision covers every revision.
fn task_definition_arns(s: &str) -> Vec<String> {
    if s.starts_with("arn:") {
        if split_outside(s, ':').len() >= 7 {
            vec![s.to_string()]
        } else {
            vec![format!("{s}:*")]
        }
    } else if is_whole_placeholder(s) && (placeholder_is_arn(s) || s.starts_with("${Ref:")) {
        // `Ref` of an AWS::ECS::TaskDefinition is its ARN, revision included.
        vec![s.to_string()]
    } else if split_outside(s, ':').len() >= 2 {
        vec![arn("ecs", &format!("task-definition/{s}"))]
    } else {
        vec![arn("ecs", &format!("task-definition/{s}:*"))]
    }
}

/// A catalog resource template filled from the request (see [`catalog::Grant::resources`]):
/// `SERVICE:RESOURCE` is a regional ARN of this account, `{Name}` (or `{Outer.Inner}`) is that
/// parameter; a parameter that holds an ARN is the resource, one chosen at run time or absent
/// is `*`, with the reason.
fn fill(template: &str, p: &Val<'_>) -> (String, Option<&'static str>) {
    if template == "*" {
        return (star().remove(0), None);
    }
    let full = if template.starts_with("arn:") || template.starts_with('{') {
        template.to_string()
    } else {
        match template.split_once(':') {
            Some((service, resource)) => arn(service, resource),
            None => template.to_string(),
        }
    };
    let mut out = String::with_capacity(full.len());
    let mut reason = None;
    let mut rest = full.as_str();
    while let Some(open) = rest.find('{') {
        let is_placeholder = rest[..open].ends_with('$');
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        if is_placeholder {
            out.push_str(&rest[open..=close]);
        } else {
            let mut value = Val::Absent;
            for (i, key) in rest[open + 1..close].split('.').enumerate() {
                value = if i == 0 {
                    get(p, key)
                } else {
                    get(&value, key)
                };
            }
            match value {
                Val::Lit(v)
                    if v.starts_with("arn:")
                        || (is_whole_placeholder(&v) && placeholder_is_arn(&v)) =>
                {
                    return (v, None);
                }
                Val::Lit(v) => out.push_str(&v),
                Val::Absent => {
                    out.push('*');
                    reason = reason.or(Some(R_MISSING));
                }
                _ => {
                    out.push('*');
                    reason = reason.or(Some(R_DYNAMIC));
                }
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    (out, reason)
}

// ---------------------------------------------------------------------------------------------
// The walk

pub(super) fn grants(machine: &crate::StateMachine, options: &IamOptions) -> Vec<Statement> {
    let mut cx = Cx {
        options,
        out: Vec::new(),
    };
    cx.scope(&machine.scope);
    cx.out
}

struct Cx<'o> {
    options: &'o IamOptions,
    out: Vec<Statement>,
}

impl Cx<'_> {
    fn push(&mut self, sid: &str, actions: &[&str], (resources, reason): Res) {
        self.out.push(grant(sid, actions, resources, reason));
    }

    fn push_if(&mut self, sid: &str, actions: &[&str], res: Res, conditions: Conditions) {
        let mut g = grant(sid, actions, res.0, res.1);
        g.conditions = conditions;
        self.out.push(g);
    }

    /// The managed EventBridge rule the catalog gives a `.sync` integration, if it has one.
    fn events_rule(&mut self, service: &str, action: &str) {
        let rule = catalog::action(service, action)
            .and_then(|a| a.sync.as_ref())
            .map(|s| &s.events_rule);
        if let Some(EventsRule::Managed(rule)) = rule {
            self.push(
                "EventsManagedRules",
                catalog::EVENTS_RULE_ACTIONS,
                (vec![arn("events", &format!("rule/{rule}"))], None),
            );
        }
    }

    /// The statements of a catalog table, their `{Parameter}` resources filled from `p`.
    fn table(&mut self, grants: &[catalog::Grant], p: &Val<'_>) {
        for g in grants {
            let mut resources = Vec::with_capacity(g.resources.len());
            let mut reason = None;
            for template in g.resources {
                let (resource, why) = fill(template, p);
                reason = reason.or(why);
                resources.push(resource);
            }
            if g.resources.iter().any(|t| t.contains('*')) {
                reason = reason.or(g.wildcard);
            }
            let conditions = g
                .conditions
                .iter()
                .map(|(op, key, value)| cond(op, key, value))
                .collect();
            self.push_if(g.sid, g.actions, (resources, reason), conditions);
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
            ResourceKind::Http => self.http(params, &p),
            ResourceKind::AwsSdk {
                service, action, ..
            } => self.sdk(&service, &action, &p),
            ResourceKind::Integration {
                service,
                action,
                pattern,
            } => {
                self.integration(&service, &action, pattern, &p);
            }
        }
    }

    fn integration(&mut self, service: &str, action: &str, pattern: Pattern, p: &Val<'_>) {
        if service.contains("${") || action.contains("${") {
            return; // only the deploy knows what is called
        }
        let sync = pattern.waits_for_job();
        if let Some(entry) = catalog::action(service, action)
            && let Grants::Table(grants) = entry.grants
        {
            self.table(grants, p);
            if sync && let Some(role) = &entry.sync {
                self.table(role.polling, p);
                self.events_rule(service, action);
            }
            return;
        }
        match (service, action) {
            ("lambda", "invoke") => {
                let res = function_resources(&get(p, "FunctionName"));
                self.push("LambdaInvokeFunction", &["lambda:InvokeFunction"], res);
            }
            ("states", "startExecution") => self.start_execution(&get(p, "StateMachineArn"), sync),
            ("ecs", "runTask") => self.ecs(p, sync),
            ("dynamodb", "getItem" | "putItem" | "updateItem" | "deleteItem") => {
                let act = format!("dynamodb:{}", sdk::pascal_case(action));
                let res = table_resources(&get(p, "TableName"));
                self.push(&sid_of(&act), &[&act], res);
            }
            ("sns", "publish") => {
                let res = sns_publish_resources(p);
                self.push("SnsPublish", &["sns:Publish"], res);
            }
            ("sqs", "sendMessage") => {
                let res = queue_resources(&get(p, "QueueUrl"));
                self.push("SqsSendMessage", &["sqs:SendMessage"], res);
            }
            ("events", "putEvents") => self.put_events(p),
            ("apigateway", "invoke") => {
                let res = api_resources(p);
                self.push("ApiGatewayInvoke", &["execute-api:Invoke"], res);
            }
            ("athena", _) => self.athena(action, sync, p),
            ("codebuild", "startBuild" | "stopBuild" | "batchDeleteBuilds" | "batchGetReports") => {
                self.codebuild(action, sync, p)
            }
            ("databrew", "startJobRun") => {
                let res = match get(p, "Name") {
                    Val::Lit(n) => (vec![arn("databrew", &format!("job/{n}"))], None),
                    v => wide(&v, arn("databrew", "job/*"), R_DYNAMIC),
                };
                if sync {
                    let actions = [
                        "databrew:ListJobRuns",
                        "databrew:StartJobRun",
                        "databrew:StopJobRun",
                    ];
                    self.push("DataBrewRunJob", &actions, res);
                } else {
                    self.push("DataBrewStartJobRun", &["databrew:StartJobRun"], res);
                }
            }
            ("elasticmapreduce", _) if self.emr(action, sync, p) => {}
            ("sagemaker", "createTrainingJob" | "createTransformJob") => {
                self.sagemaker(action, sync, p)
            }
            _ => {
                let act = format!("{service}:{}", sdk::pascal_case(action));
                self.push(&sid_of(&act), &[&act], (star(), Some(R_UNKNOWN)));
            }
        }
    }

    /// states:startExecution, and for `.sync` / `.sync:2` the child's executions and the
    /// managed events rule.
    fn start_execution(&mut self, v: &Val<'_>, sync: bool) {
        let (machines, executions): (Res, Res) = match v {
            Val::Lit(s) if s.starts_with("arn:") => {
                let c = split_outside(s, ':');
                let executions = if c.len() >= 7 {
                    let exec =
                        format!("arn:{}:states:{}:{}:execution:{}:*", c[1], c[3], c[4], c[6]);
                    (vec![exec], None)
                } else {
                    (vec![arn("states", "execution:*")], Some(R_CHILD_EXECUTIONS))
                };
                ((vec![s.clone()], None), executions)
            }
            Val::Lit(s) if is_whole_placeholder(s) => {
                let executions = match cfn_sibling(s, "Name") {
                    Some(name) => (vec![arn("states", &format!("execution:{name}:*"))], None),
                    None => (vec![arn("states", "execution:*")], Some(R_CHILD_EXECUTIONS)),
                };
                ((vec![s.clone()], None), executions)
            }
            Val::Lit(name) => (
                (vec![arn("states", &format!("stateMachine:{name}"))], None),
                (vec![arn("states", &format!("execution:{name}:*"))], None),
            ),
            _ => (
                wide(v, arn("states", "stateMachine:*"), R_DYNAMIC),
                wide(v, arn("states", "execution:*"), R_DYNAMIC),
            ),
        };
        self.push("StatesStartExecution", &["states:StartExecution"], machines);
        if sync {
            self.push(
                "StatesManageExecutions",
                &["states:DescribeExecution", "states:StopExecution"],
                executions,
            );
            self.events_rule("states", "startExecution");
        }
    }

    fn ecs(&mut self, p: &Val<'_>, sync: bool) {
        let res = match get(p, "TaskDefinition") {
            Val::Lit(s) => (task_definition_arns(&s), None),
            v => wide(&v, arn("ecs", "task-definition/*"), R_DYNAMIC),
        };
        self.push("EcsRunTask", &["ecs:RunTask"], res);
        self.push_if(
            "EcsPassRole",
            &["iam:PassRole"],
            (vec![any_role()], Some(R_ECS_ROLES)),
            vec![cond(
                "StringEquals",
                "iam:PassedToService",
                "ecs-tasks.amazonaws.com",
            )],
        );
        if sync {
            // A task's ARN is task/CLUSTER/ID; the cluster is `default` unless named.
            let cluster = match get(p, "Cluster") {
                Val::Lit(c) => c
                    .rsplit_once("cluster/")
                    .map_or(c.clone(), |(_, name)| name.to_string()),
                Val::Absent => "default".to_string(),
                _ => "*".to_string(),
            };
            self.push(
                "EcsManageTasks",
                &["ecs:DescribeTasks", "ecs:StopTask"],
                (
                    vec![arn("ecs", &format!("task/{cluster}/*"))],
                    Some(R_ECS_TASKS),
                ),
            );
            self.events_rule("ecs", "runTask");
        }
    }

    fn put_events(&mut self, p: &Val<'_>) {
        let any_bus = || arn("events", "event-bus/*");
        let mut buses = Vec::new();
        let mut reason = None;
        match get(p, "Entries") {
            Val::Arr(entries) => {
                for entry in entries {
                    match get(&val(Some(entry)), "EventBusName") {
                        Val::Absent => buses.push(arn("events", "event-bus/default")),
                        Val::Lit(b) if b.starts_with("arn:") => buses.push(b),
                        Val::Lit(b) => buses.push(arn("events", &format!("event-bus/{b}"))),
                        _ => {
                            buses.push(any_bus());
                            reason = Some(R_DYNAMIC);
                        }
                    }
                }
            }
            Val::Absent => {
                buses.push(any_bus());
                reason = Some(R_MISSING);
            }
            _ => {
                buses.push(any_bus());
                reason = Some(R_DYNAMIC);
            }
        }
        self.push("EventsPutEvents", &["events:PutEvents"], (buses, reason));
    }

    /// The HTTP Task: `states:InvokeHTTPEndpoint` on the machine itself, restricted to the
    /// endpoint and method; the connection's credentials and its Secrets Manager secret.
    fn http(&mut self, params: Option<&Template>, p: &Val<'_>) {
        let (own, _, own_reason) = self.own();
        let mut reason = own_reason;
        let mut conditions = Vec::new();
        match get(p, "Method") {
            Val::Lit(m) => conditions.push(cond("StringEquals", "states:HTTPMethod", &m)),
            _ => reason = reason.or(Some(R_HTTP_ENDPOINT)),
        }
        match get(p, "ApiEndpoint") {
            Val::Lit(e) => conditions.push(cond("StringEquals", "states:HTTPEndpoint", &e)),
            _ => {
                let raw_endpoint = match params {
                    Some(Template::Object(members)) => raw(members, "ApiEndpoint"),
                    _ => None,
                };
                if let Some(prefix) = literal_prefix(raw_endpoint) {
                    conditions.push(cond(
                        "StringLike",
                        "states:HTTPEndpoint",
                        &format!("{prefix}*"),
                    ));
                }
                reason = reason.or(Some(R_HTTP_ENDPOINT));
            }
        }
        self.push_if(
            "HttpInvokeEndpoint",
            &["states:InvokeHTTPEndpoint"],
            (vec![own], reason),
            conditions,
        );
        let connection = match get(&get(p, "InvocationConfig"), "ConnectionArn") {
            Val::Absent => get(&get(p, "Authentication"), "ConnectionArn"),
            v => v,
        };
        let any_secret = || arn("secretsmanager", "secret:events!connection/*");
        let (credentials, secret): (Res, Res) = match &connection {
            Val::Lit(c) => {
                let parts = split_outside(c, ':');
                let secret = match parts.as_slice() {
                    ["arn", partition, "events", region, account, resource, ..] => resource
                        .strip_prefix("connection/")
                        .and_then(|r| split_outside(r, '/').first().copied())
                        .filter(|name| !name.is_empty())
                        .map(|name| {
                            format!(
                                "arn:{partition}:secretsmanager:{region}:{account}:secret:events!connection/{name}/*"
                            )
                        }),
                    _ if is_whole_placeholder(c) && placeholder_is_arn(c) => {
                        cfn_sibling(c, "SecretArn")
                    }
                    _ => None,
                };
                let secret = match secret {
                    Some(s) => (vec![s], None),
                    None => (vec![any_secret()], Some(R_CONNECTION_SECRET)),
                };
                ((vec![c.clone()], None), secret)
            }
            v => (
                wide(v, arn("events", "connection/*"), R_DYNAMIC),
                (vec![any_secret()], Some(R_CONNECTION_SECRET)),
            ),
        };
        self.push(
            "HttpConnectionCredentials",
            &["events:RetrieveConnectionCredentials"],
            credentials,
        );
        self.push(
            "HttpConnectionSecret",
            &[
                "secretsmanager:DescribeSecret",
                "secretsmanager:GetSecretValue",
            ],
            secret,
        );
    }

    /// Amazon Athena, as the guide's athena-iam page shows.
    fn athena(&mut self, action: &str, sync: bool, p: &Val<'_>) {
        let any_workgroup = || (vec![arn("athena", "workgroup/*")], Some(R_ATHENA_WORKGROUP));
        let s3_any = || (vec![s3("*")], Some(R_ATHENA));
        match action {
            "startQueryExecution" => {
                let workgroup = match get(p, "WorkGroup") {
                    Val::Lit(w) => (vec![arn("athena", &format!("workgroup/{w}"))], None),
                    // Athena runs a query without a work group in `primary`.
                    Val::Absent => (vec![arn("athena", "workgroup/primary")], None),
                    v => wide(&v, arn("athena", "workgroup/*"), R_DYNAMIC),
                };
                let catalogs = (vec![arn("athena", "datacatalog/*")], Some(R_ATHENA));
                let (sid, actions): (&str, &[&str]) = if sync {
                    (
                        "AthenaRunQuery",
                        &[
                            "athena:GetDataCatalog",
                            "athena:GetQueryExecution",
                            "athena:StartQueryExecution",
                            "athena:StopQueryExecution",
                        ],
                    )
                } else {
                    (
                        "AthenaStartQuery",
                        &["athena:GetDataCatalog", "athena:StartQueryExecution"],
                    )
                };
                self.push(sid, actions, workgroup);
                self.push(sid, actions, catalogs);
                self.push(
                    "AthenaQueryResultsS3",
                    &[
                        "s3:AbortMultipartUpload",
                        "s3:CreateBucket",
                        "s3:GetBucketLocation",
                        "s3:GetObject",
                        "s3:ListBucket",
                        "s3:ListBucketMultipartUploads",
                        "s3:ListMultipartUploadParts",
                        "s3:PutObject",
                    ],
                    s3_any(),
                );
                self.push(
                    "AthenaGlueCatalog",
                    &[
                        "glue:BatchCreatePartition",
                        "glue:BatchDeletePartition",
                        "glue:BatchDeleteTable",
                        "glue:BatchGetPartition",
                        "glue:CreateDatabase",
                        "glue:CreatePartition",
                        "glue:CreateTable",
                        "glue:DeleteDatabase",
                        "glue:DeletePartition",
                        "glue:DeleteTable",
                        "glue:GetDatabase",
                        "glue:GetDatabases",
                        "glue:GetPartition",
                        "glue:GetPartitions",
                        "glue:GetTable",
                        "glue:GetTables",
                        "glue:UpdateDatabase",
                        "glue:UpdatePartition",
                        "glue:UpdateTable",
                    ],
                    (
                        vec![
                            arn("glue", "catalog"),
                            arn("glue", "database/*"),
                            arn("glue", "table/*"),
                            arn("glue", "userDefinedFunction/*"),
                        ],
                        Some(R_ATHENA),
                    ),
                );
                self.push(
                    "AthenaLakeFormation",
                    &["lakeformation:GetDataAccess"],
                    (star(), Some(R_LAKE_FORMATION)),
                );
            }
            "stopQueryExecution" => self.push(
                "AthenaStopQuery",
                &["athena:StopQueryExecution"],
                any_workgroup(),
            ),
            "getQueryExecution" => self.push(
                "AthenaGetQuery",
                &["athena:GetQueryExecution"],
                any_workgroup(),
            ),
            "getQueryResults" => {
                self.push(
                    "AthenaGetQueryResults",
                    &["athena:GetQueryResults"],
                    any_workgroup(),
                );
                self.push("AthenaReadResultsS3", &["s3:GetObject"], s3_any());
            }
            _ => {}
        }
    }

    /// AWS CodeBuild, as the guide's codebuild-iam page shows.
    fn codebuild(&mut self, action: &str, sync: bool, p: &Val<'_>) {
        let any_project = || (vec![arn("codebuild", "project/*")], Some(R_BUILDS));
        match action {
            "startBuild" => {
                let project = match get(p, "ProjectName") {
                    Val::Lit(n) if n.starts_with("arn:") => (vec![n], None),
                    Val::Lit(n) => (vec![arn("codebuild", &format!("project/{n}"))], None),
                    v => wide(&v, arn("codebuild", "project/*"), R_DYNAMIC),
                };
                if sync {
                    self.push(
                        "CodeBuildRunBuild",
                        &[
                            "codebuild:BatchGetBuilds",
                            "codebuild:StartBuild",
                            "codebuild:StopBuild",
                        ],
                        project,
                    );
                    self.events_rule("codebuild", "startBuild");
                } else {
                    self.push("CodeBuildStartBuild", &["codebuild:StartBuild"], project);
                }
            }
            "stopBuild" => {
                // A build id is PROJECT:UUID.
                let project = match get(p, "Id") {
                    Val::Lit(id) if !id.starts_with("arn:") && id.contains(':') => {
                        let name = split_outside(&id, ':')[0].to_string();
                        (vec![arn("codebuild", &format!("project/{name}"))], None)
                    }
                    _ => any_project(),
                };
                self.push("CodeBuildStopBuild", &["codebuild:StopBuild"], project);
            }
            "batchDeleteBuilds" => self.push(
                "CodeBuildDeleteBuilds",
                &["codebuild:BatchDeleteBuilds"],
                any_project(),
            ),
            _ => self.push(
                "CodeBuildGetReports",
                &["codebuild:BatchGetReports"],
                (vec![arn("codebuild", "report-group/*")], Some(R_BUILDS)),
            ),
        }
    }

    /// Amazon EMR, as the guide's emr-iam page shows; `false` for actions it does not cover.
    fn emr(&mut self, action: &str, sync: bool, p: &Val<'_>) -> bool {
        let cluster = || match get(p, "ClusterId") {
            Val::Lit(id) => (
                vec![arn("elasticmapreduce", &format!("cluster/{id}"))],
                None,
            ),
            v => wide(&v, arn("elasticmapreduce", "cluster/*"), R_DYNAMIC),
        };
        match action {
            "addStep" => {
                self.push(
                    "EmrAddStep",
                    &[
                        "elasticmapreduce:AddJobFlowSteps",
                        "elasticmapreduce:CancelSteps",
                        "elasticmapreduce:DescribeStep",
                    ],
                    cluster(),
                );
                if sync {
                    self.events_rule("elasticmapreduce", "addStep");
                }
            }
            "cancelStep" => self.push(
                "EmrCancelStep",
                &["elasticmapreduce:CancelSteps"],
                cluster(),
            ),
            "createCluster" => {
                self.push(
                    "EmrRunJobFlow",
                    &["elasticmapreduce:RunJobFlow"],
                    (star(), Some(R_EMR_RUN_JOB_FLOW)),
                );
                self.push(
                    "EmrCreateCluster",
                    &[
                        "elasticmapreduce:DescribeCluster",
                        "elasticmapreduce:TerminateJobFlows",
                    ],
                    (
                        vec![arn("elasticmapreduce", "cluster/*")],
                        Some(R_EMR_NEW_CLUSTER),
                    ),
                );
                for key in ["ServiceRole", "JobFlowRole", "AutoScalingRole"] {
                    match get(p, key) {
                        Val::Absent if key == "AutoScalingRole" => {}
                        v => {
                            let res = role_resources(&v);
                            self.push("EmrPassRole", &["iam:PassRole"], res);
                        }
                    }
                }
                if sync {
                    self.events_rule("elasticmapreduce", "createCluster");
                }
            }
            "setClusterTerminationProtection" => self.push(
                "EmrTerminationProtection",
                &["elasticmapreduce:SetTerminationProtection"],
                cluster(),
            ),
            "modifyInstanceFleetByName" => self.push(
                "EmrModifyInstanceFleet",
                &[
                    "elasticmapreduce:ListInstanceFleets",
                    "elasticmapreduce:ModifyInstanceFleet",
                ],
                cluster(),
            ),
            "modifyInstanceGroupByName" => self.push(
                "EmrModifyInstanceGroup",
                &[
                    "elasticmapreduce:ListInstanceGroups",
                    "elasticmapreduce:ModifyInstanceGroups",
                ],
                cluster(),
            ),
            "terminateCluster" => {
                self.push(
                    "EmrTerminateCluster",
                    &[
                        "elasticmapreduce:DescribeCluster",
                        "elasticmapreduce:TerminateJobFlows",
                    ],
                    cluster(),
                );
                if sync {
                    self.events_rule("elasticmapreduce", "terminateCluster");
                }
            }
            _ => return false,
        }
        true
    }

    /// Amazon SageMaker training and transform jobs, as the guide's sagemaker-iam page shows.
    fn sagemaker(&mut self, action: &str, sync: bool, p: &Val<'_>) {
        let (kind, name_key, noun) = if action == "createTrainingJob" {
            ("training-job", "TrainingJobName", "TrainingJob")
        } else {
            ("transform-job", "TransformJobName", "TransformJob")
        };
        let job = match get(p, name_key) {
            Val::Lit(n) => (vec![arn("sagemaker", &format!("{kind}/{n}*"))], None),
            v => wide(&v, arn("sagemaker", &format!("{kind}/*")), R_DYNAMIC),
        };
        let create = format!("sagemaker:Create{noun}");
        if sync {
            let describe = format!("sagemaker:Describe{noun}");
            let stop = format!("sagemaker:Stop{noun}");
            self.push(
                &format!("SageMakerRun{noun}"),
                &[&create, &describe, &stop],
                job,
            );
            self.events_rule("sagemaker", action);
        } else {
            self.push(&format!("SageMakerCreate{noun}"), &[&create], job);
        }
        self.push(
            "SageMakerListTags",
            &["sagemaker:ListTags"],
            (vec![arn("sagemaker", "*")], Some(R_SAGEMAKER_TAGS)),
        );
        if action == "createTrainingJob" {
            let res = role_resources(&get(p, "RoleArn"));
            self.push_if(
                "SageMakerPassRole",
                &["iam:PassRole"],
                res,
                vec![cond(
                    "StringEquals",
                    "iam:PassedToService",
                    "sagemaker.amazonaws.com",
                )],
            );
        }
    }

    /// `arn:aws:states:::aws-sdk:SERVICE:action`: the IAM actions from [`sdk::sdk_iam_actions`],
    /// on resources read from the obvious parameters, else `*`.
    fn sdk(&mut self, service: &str, action: &str, p: &Val<'_>) {
        if service.contains("${") || action.contains("${") {
            return;
        }
        let mut actions = sdk::sdk_iam_actions(service, action);
        // (action, resources, reason, conditions), combined below.
        let mut parts: Vec<(String, Res, Conditions)> = Vec::new();
        let not_named = || (star(), Some(R_SDK));
        match service {
            "s3" => {
                for a in &actions {
                    let (res, conditions) = s3_sdk_resources(action, a, p);
                    parts.push((a.clone(), res, conditions));
                }
            }
            "dynamodb" => {
                if action == "transactWriteItems"
                    && let Val::Arr(items) = get(p, "TransactItems")
                {
                    let mut derived = Vec::new();
                    for item in items {
                        match val(Some(item)) {
                            Val::Obj([(op, _)]) => derived.push(match op.as_str() {
                                "Put" => "dynamodb:PutItem",
                                "Update" => "dynamodb:UpdateItem",
                                "Delete" => "dynamodb:DeleteItem",
                                _ => "dynamodb:ConditionCheckItem",
                            }),
                            _ => {
                                derived.clear();
                                break;
                            }
                        }
                    }
                    if !derived.is_empty() {
                        actions = derived.into_iter().map(String::from).collect();
                    }
                }
                let res = if actions.iter().any(|a| a.contains(":PartiQL")) {
                    (vec![arn("dynamodb", "table/*")], Some(R_SDK))
                } else {
                    dynamodb_sdk_resources(action, p)
                };
                for a in &actions {
                    parts.push((a.clone(), res.clone(), Vec::new()));
                }
            }
            _ => {
                let res = match service {
                    "sqs" => match get(p, "QueueUrl") {
                        Val::Absent => not_named(),
                        v => queue_resources(&v),
                    },
                    "sns" => match (get(p, "TopicArn"), get(p, "TargetArn")) {
                        (Val::Absent, Val::Absent) => not_named(),
                        (Val::Absent, v) | (v, _) => topic_resources(&v),
                    },
                    "lambda" => match get(p, "FunctionName") {
                        Val::Absent => not_named(),
                        v => function_resources(&v),
                    },
                    "sfn" => match (get(p, "StateMachineArn"), get(p, "ExecutionArn")) {
                        (Val::Lit(s), _) | (_, Val::Lit(s)) => (vec![s], None),
                        (Val::Absent, Val::Absent) => not_named(),
                        (Val::Absent, _) => (vec![arn("states", "execution:*")], Some(R_DYNAMIC)),
                        _ => (vec![arn("states", "stateMachine:*")], Some(R_DYNAMIC)),
                    },
                    "secretsmanager" => match get(p, "SecretId") {
                        Val::Absent => not_named(),
                        v => secret_resources(&v),
                    },
                    _ => not_named(),
                };
                for a in &actions {
                    parts.push((a.clone(), res.clone(), Vec::new()));
                }
            }
        }
        // One statement per distinct (resources, conditions), holding every action on them.
        let mut combined: Vec<(Vec<String>, Res, Conditions)> = Vec::new();
        for (a, res, conditions) in parts {
            match combined
                .iter_mut()
                .find(|(_, r, c)| *r == res && *c == conditions)
            {
                Some((acts, _, _)) => acts.push(a),
                None => combined.push((vec![a], res, conditions)),
            }
        }
        for (acts, res, conditions) in combined {
            let refs: Vec<&str> = acts.iter().map(String::as_str).collect();
            self.push_if(&sid_of(&acts[0]), &refs, res, conditions);
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

fn cond(op: &str, key: &str, value: &str) -> (String, String, String) {
    (op.to_string(), key.to_string(), value.to_string())
}

fn sns_publish_resources(p: &Val<'_>) -> Res {
    if !matches!(get(p, "PhoneNumber"), Val::Absent) {
        return (star(), Some(R_SMS));
    }
    match (get(p, "TopicArn"), get(p, "TargetArn")) {
        (Val::Absent, v) | (v, _) => topic_resources(&v),
    }
}

/// API Gateway `invoke`: `arn:${AWS::Partition}:execute-api:REGION:${AWS::AccountId}:API/STAGE/METHOD/PATH`
/// from `ApiEndpoint` (`API.execute-api.REGION.amazonaws.com`), `Stage`, `Method` and `Path`.
fn api_resources(p: &Val<'_>) -> Res {
    let Val::Lit(endpoint) = get(p, "ApiEndpoint") else {
        return (vec![arn("execute-api", "*")], Some(R_API));
    };
    let host = endpoint
        .strip_prefix("https://")
        .unwrap_or(&endpoint)
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let labels = split_outside(&host, '.');
    let [api, "execute-api", region, "amazonaws", ..] = labels.as_slice() else {
        return (vec![arn("execute-api", "*")], Some(R_API));
    };
    let mut wild = false;
    let mut part = |key: &str, absent: &str| match get(p, key) {
        Val::Lit(s) => s,
        Val::Absent if !absent.is_empty() => absent.to_string(),
        _ => {
            wild = true;
            "*".to_string()
        }
    };
    let stage = part("Stage", "");
    let method = part("Method", "");
    let path = match get(p, "Path") {
        Val::Absent => String::new(),
        _ => part("Path", "").trim_start_matches('/').to_string(),
    };
    let resource = format!(
        "arn:${{AWS::Partition}}:execute-api:{region}:${{AWS::AccountId}}:{api}/{stage}/{method}/{path}"
    );
    (vec![resource], wild.then_some(R_API))
}

/// `bucket/key` (`bucket/*` when the key is not fixed), from `Bucket` and `Key`.
fn s3_object_resources(bucket: &Val<'_>, key: &Val<'_>, absent: &'static str) -> Res {
    match (bucket, key) {
        (Val::Lit(b), Val::Lit(k)) => (vec![s3(&format!("{b}/{k}"))], None),
        (Val::Lit(b), Val::Absent) => (vec![s3(&format!("{b}/*"))], Some(absent)),
        (Val::Lit(b), _) => (vec![s3(&format!("{b}/*"))], Some(R_DYNAMIC)),
        (Val::Absent, _) => (star(), Some(absent)),
        _ => (vec![s3("*")], Some(R_DYNAMIC)),
    }
}

/// The bucket, with an `s3:prefix` condition when `Prefix` is fixed.
fn s3_bucket_resources(
    bucket: &Val<'_>,
    prefix: &Val<'_>,
    absent: &'static str,
) -> (Res, Conditions) {
    let res = match bucket {
        Val::Lit(b) => (vec![s3(b)], None),
        Val::Absent => (star(), Some(absent)),
        _ => (vec![s3("*")], Some(R_DYNAMIC)),
    };
    let conditions = match prefix {
        Val::Lit(p) if !p.is_empty() => vec![cond("StringLike", "s3:prefix", &format!("{p}*"))],
        _ => Vec::new(),
    };
    (res, conditions)
}

/// The resources of one IAM action of an `aws-sdk:s3:*` task.
fn s3_sdk_resources(sdk_action: &str, iam_action: &str, p: &Val<'_>) -> (Res, Conditions) {
    let name = iam_action.trim_start_matches("s3:");
    if name == "ListAllMyBuckets" {
        return ((star(), Some(R_SDK)), Vec::new());
    }
    let bucket = get(p, "Bucket");
    let object_level = name.contains("Object")
        || name == "AbortMultipartUpload"
        || name == "ListMultipartUploadParts";
    if object_level {
        let copies = matches!(sdk_action, "copyObject" | "uploadPartCopy");
        if copies && name == "GetObject" {
            // CopySource is BUCKET/KEY[?versionId=…], URL-encoded.
            return match get(p, "CopySource") {
                Val::Lit(src) => {
                    let src = src.trim_start_matches('/');
                    let src = src.split('?').next().unwrap_or(src);
                    ((vec![s3(src)], None), Vec::new())
                }
                v => (wide(&v, s3("*"), R_DYNAMIC), Vec::new()),
            };
        }
        let key = get(p, "Key");
        let res = s3_object_resources(&bucket, &key, R_SDK);
        return (res, Vec::new());
    }
    let prefix = if name == "ListBucket" {
        get(p, "Prefix")
    } else {
        Val::Absent
    };
    s3_bucket_resources(&bucket, &prefix, R_SDK)
}

/// Tables named by `TableName`, the keys of `RequestItems` or the `TableName`s of
/// `TransactItems`; indexes for `query`/`scan` with `IndexName`.
fn dynamodb_sdk_resources(action: &str, p: &Val<'_>) -> Res {
    let mut tables: Vec<Val<'_>> = Vec::new();
    match get(p, "TableName") {
        Val::Absent => {}
        v => tables.push(v),
    }
    match get(p, "RequestItems") {
        Val::Obj(members) => tables.extend(members.iter().map(|(k, _)| Val::Lit(k.clone()))),
        Val::Absent => {}
        _ => tables.push(Val::Dyn),
    }
    match get(p, "TransactItems") {
        Val::Arr(items) => {
            for item in items {
                match val(Some(item)) {
                    Val::Obj([(_, inner)]) => tables.push(get(&val(Some(inner)), "TableName")),
                    _ => tables.push(Val::Dyn),
                }
            }
        }
        Val::Absent => {}
        _ => tables.push(Val::Dyn),
    }
    if tables.is_empty() {
        return (star(), Some(R_SDK));
    }
    let mut resources = Vec::new();
    let mut reason = None;
    for t in &tables {
        let (r, why) = table_resources(t);
        reason = reason.or(why);
        resources.extend(r);
    }
    if matches!(action, "query" | "scan") {
        match get(p, "IndexName") {
            Val::Absent => {}
            Val::Lit(index) => {
                for r in &mut resources {
                    *r = format!("{r}/index/{index}");
                }
            }
            _ => {
                let indexes: Vec<String> =
                    resources.iter().map(|r| format!("{r}/index/*")).collect();
                resources.extend(indexes);
                reason = reason.or(Some(R_DYNAMIC));
            }
        }
    }
    (resources, reason)
}
