//! The catalog of Step Functions' optimized service integrations: one file per service, each
//! holding everything workflow-rs knows about its actions, in the way AWS CDK's
//! `aws-stepfunctions-tasks` keeps one module per integration.
//!
//! For each action an entry gives its ARN form (`arn:aws:states:::SERVICE:ACTION`), the
//! integration patterns it supports, its DSL name and main parameter, the execution-role
//! statements each pattern needs (with the polling actions and the managed EventBridge rule a
//! `.sync` task needs), the result AWS returns for each pattern, and the error names the service
//! raises. Every other part of the project reads it:
//!
//! - the validator ([`crate::validate::resource`]) accepts exactly the services, actions and
//!   patterns listed here;
//! - the `workflow!` macro takes its integration names (`dynamodb::put_item`,
//!   `emr::add_step.sync`) and the parameter a positional argument sets from here;
//! - the IAM derivation ([`crate::iam`]) grants what [`Action::grants`] and [`Action::sync`]
//!   say, reading resource names from the task's parameters;
//! - [`sdk`] holds the `aws-sdk:` service → IAM prefix table and the SDK actions authorized by
//!   differently named IAM actions.
//!
//! Where the facts come from: the AWS Step Functions Developer Guide and the Service
//! Authorization Reference, which the IAM-data test (`workflow-core/tests/iam_data.rs`) checks
//! every derived statement against. The services, actions and patterns follow "Integrating
//! optimized services with Step Functions" (integrate-optimized / connect-supported-services,
//! the per-service pattern table), "Discover service integration patterns"
//! (connect-to-resource) and each service's page (connect-api-gateway, connect-athena,
//! connect-batch, connect-bedrock, connect-codebuild, connect-ddb, connect-ecs, connect-eks,
//! connect-emr, connect-emr-eks, connect-emr-serverless, connect-eventbridge, connect-glue,
//! connect-databrew, connect-lambda, connect-mediaconvert, connect-sagemaker, connect-sns,
//! connect-sqs, connect-stepfunctions, connect-third-party-apis for the HTTP Task). Where the
//! overview table and a service page disagree, the service page wins (the overview marks Amazon
//! EKS as supporting `.waitForTaskToken`, its page says it does not); Bedrock's
//! `.waitForTaskToken` is placed on `invokeModel`, the one action its page gives no pattern list
//! for. The statements follow each service's "IAM policies for calling …" page; each file names
//! its pages.
//!
//! Adding an integration: add its action to the service's file (or a new file, listed in
//! [`SERVICES`]), with an [`Action::example`] request; the validator, the macro and the IAM
//! derivation pick it up, and the catalog and IAM-data tests check it. See `docs/catalog.md`.

mod apigateway;
mod athena;
mod batch;
mod bedrock;
mod codebuild;
mod databrew;
mod dynamodb;
mod ecs;
mod eks;
mod emr;
mod emr_containers;
mod emr_serverless;
mod events;
mod glue;
mod http;
mod lambda;
mod mediaconvert;
mod sagemaker;
pub mod sdk;
mod sns;
mod sqs;
mod states;
#[cfg(test)]
mod tests;

/// An integration pattern, the suffix of an integration's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    /// No suffix: call the API and go on with its response.
    RequestResponse,
    /// `.sync`: wait for the job to complete.
    Sync,
    /// `.sync:2`: `states:startExecution` waiting, with the output parsed as JSON.
    Sync2,
    /// `.waitForTaskToken`: wait until the task token is returned.
    WaitForTaskToken,
}

impl Pattern {
    /// Every pattern, in the order messages list them.
    pub const ALL: [Pattern; 4] = [
        Pattern::RequestResponse,
        Pattern::Sync,
        Pattern::Sync2,
        Pattern::WaitForTaskToken,
    ];

    /// The suffix of the resource ARN: `""`, `.sync`, `.sync:2`, `.waitForTaskToken`.
    pub fn suffix(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    /// The name messages use: `request-response`, `.sync`, `.sync:2`, `.waitForTaskToken`.
    pub fn name(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "request-response",
            other => other.suffix(),
        }
    }

    /// The DSL's name of the pattern (`sync`, `sync2`, `wait_for_task_token`); `None` for
    /// request-response, which the DSL writes without a suffix.
    pub fn dsl_name(self) -> Option<&'static str> {
        match self {
            Pattern::RequestResponse => None,
            Pattern::Sync => Some("sync"),
            Pattern::Sync2 => Some("sync2"),
            Pattern::WaitForTaskToken => Some("wait_for_task_token"),
        }
    }

    /// `.sync` or `.sync:2`: the task waits for a job, so the role needs polling permissions.
    pub fn waits_for_job(self) -> bool {
        matches!(self, Pattern::Sync | Pattern::Sync2)
    }
}

/// One optimized integration service: `arn:aws:states:::NAME:…`.
#[derive(Debug)]
pub struct Service {
    /// As the resource ARN writes it: `elasticmapreduce`, `states`, `emr-serverless`.
    pub name: &'static str,
    /// Other names the DSL accepts for the service (`emr`, `step_functions`); the DSL always
    /// accepts `name` with `-` written `_`.
    pub dsl_aliases: &'static [&'static str],
    /// The service's name among the `aws-sdk:` integrations (`emr`, `sfn`, `eventbridge`).
    pub sdk_name: &'static str,
    pub actions: &'static [Action],
    /// The formats AWS checks the parameters of the service's actions against before it calls;
    /// empty where no check is known.
    pub formats: &'static [FieldFormat],
    /// Errors the service raises, as a Catch or Retry names them (`Lambda.ServiceException`);
    /// empty where the guide names none.
    pub errors: &'static [&'static str],
}

/// One action of an optimized integration.
#[derive(Debug)]
pub struct Action {
    /// As the resource ARN writes it: `startJobRun`.
    pub name: &'static str,
    pub patterns: &'static [Pattern],
    /// The parameter the DSL's positional argument sets: `lambda::invoke("${Fn}")` sets
    /// `FunctionName`.
    pub main_parameter: Option<&'static str>,
    /// A request (`Parameters`) naming every resource the role derivation reads, with fixed
    /// values; the catalog and IAM-data tests derive roles from it, and the docs show it.
    pub example: &'static str,
    /// The execution role's statements for every pattern, their `{Parameter}` resources
    /// filled from the request (see [`Grant::resources`]). Empty: the action needs no IAM
    /// permission (`eks:runJob` and `eks:call` are authorized by the cluster's Kubernetes RBAC).
    pub grants: &'static [Grant],
    /// What a `.sync` task needs beyond [`Action::grants`]; `Some` exactly when the action
    /// supports `.sync` or `.sync:2`.
    pub sync: Option<SyncRole>,
    /// The result AWS returns, for each pattern.
    pub result: Results,
}

impl Action {
    /// An action with no main parameter and no `.sync`, whose response is `response` (a
    /// `.sync` action overrides `sync` and `result`: `Action { sync: …, ..Action::plain(…) }`).
    pub const fn plain(
        name: &'static str,
        patterns: &'static [Pattern],
        example: &'static str,
        grants: &'static [Grant],
        response: &'static str,
    ) -> Action {
        Action {
            name,
            patterns,
            main_parameter: None,
            example,
            grants,
            sync: None,
            result: Results {
                response,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        }
    }

    /// The DSL's name of the action: `startJobRun` → `start_job_run`.
    pub fn dsl_name(&self) -> String {
        snake_case(self.name)
    }

    pub fn supports(&self, pattern: Pattern) -> bool {
        self.patterns.contains(&pattern)
    }
}

/// A format AWS checks one parameter of an action against before it starts the task. A value
/// that breaks it fails the execution with `States.Runtime`, before any task event: "The
/// Parameters '…' could not be used to start the Task: [The value of the field 'Headers' has
/// an invalid format]" (recorded for `apigateway:invoke`). The executor makes the check.
#[derive(Debug)]
pub struct FieldFormat {
    /// The action whose parameter it is (`invoke`).
    pub action: &'static str,
    /// The top-level parameter (`Headers`); an absent one is not checked.
    pub field: &'static str,
    pub format: Format,
}

/// What [`FieldFormat`] requires of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An object whose every value is a list of strings, so that a key can repeat (HTTP
    /// headers and query strings).
    StringLists,
}

impl Format {
    pub fn accepts(self, value: &serde_json::Value) -> bool {
        match self {
            Format::StringLists => value.as_object().is_some_and(|members| {
                members.values().all(|v| {
                    v.as_array()
                        .is_some_and(|items| items.iter().all(serde_json::Value::is_string))
                })
            }),
        }
    }
}

/// The first top-level parameter of `arn:aws:states:::SERVICE:RESOURCE` whose value breaks the
/// format AWS checks it against ([`Service::formats`]); `None` when all hold or none is known.
/// `resource` is the action with its pattern's suffix, as task events name it
/// (`invoke.waitForTaskToken`).
pub fn misformatted_parameter(
    service_name: &str,
    resource: &str,
    parameters: &serde_json::Value,
) -> Option<&'static str> {
    let formats = service(service_name)?.formats;
    // Every pattern's suffix starts with a `.`, which no action name holds.
    let action_name = resource.split('.').next().unwrap_or(resource);
    formats
        .iter()
        .filter(|f| f.action == action_name)
        .find(|f| {
            parameters
                .get(f.field)
                .is_some_and(|v| !f.format.accepts(v))
        })
        .map(|f| f.field)
}

/// One statement of an action's execution role.
#[derive(Debug)]
pub struct Grant {
    /// The statement id (ASCII letters and digits).
    pub sid: &'static str,
    /// IAM actions, `prefix:Action`.
    pub actions: &'static [&'static str],
    /// Resource templates:
    /// - `SERVICE:RESOURCE` is `arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:RESOURCE`;
    /// - a full `arn:…` is used as written;
    /// - `*` is every resource, allowed only where AWS defines no resource type for the actions
    ///   (and [`Grant::wildcard`] says so);
    /// - `{…}` is read from the request, as [`TEMPLATE_VALUES`] says: `{Name}` (or
    ///   `{Outer.Inner}`), `{Name=default}`, `{Name?}` and `{Name|transform}`.
    ///
    /// A template may yield several resources (`{FunctionName|function}` names the function
    /// and its versions) or none (`{AutoScalingRole?|role}` without `AutoScalingRole`); `**`
    /// is written `*`.
    pub resources: &'static [&'static str],
    /// Why a resource is wider than the request pins down (a `*` in the template), or why a
    /// condition read from the request may be missing; required when a template holds `*` or
    /// a condition is read from the request.
    pub wildcard: Option<&'static str>,
    /// IAM conditions `(operator, key, value)`; a value `{Name}` is read from the request (see
    /// [`TEMPLATE_VALUES`]).
    pub conditions: &'static [(&'static str, &'static str, &'static str)],
    /// Granted only when the task does not wait for a job: a `.sync` task gets a polling
    /// statement ([`SyncRole::polling`]) that holds these actions too, as the guide's page
    /// writes the `.sync` policy as one statement.
    pub unless_sync: bool,
}

impl Grant {
    /// A grant of `actions` on `resources`, without wildcard reason or conditions.
    pub const fn new(
        sid: &'static str,
        actions: &'static [&'static str],
        resources: &'static [&'static str],
    ) -> Grant {
        Grant {
            sid,
            actions,
            resources,
            wildcard: None,
            conditions: &[],
            unless_sync: false,
        }
    }

    /// The same grant, with the reason for the wildcard its resources hold.
    pub const fn wildcard(mut self, why: &'static str) -> Grant {
        self.wildcard = Some(why);
        self
    }

    /// The same grant, with conditions.
    pub const fn when(
        mut self,
        conditions: &'static [(&'static str, &'static str, &'static str)],
    ) -> Grant {
        self.conditions = conditions;
        self
    }

    /// The same grant, given only to tasks that do not wait for a job (see
    /// [`Grant::unless_sync`]).
    pub const fn unless_sync(mut self) -> Grant {
        self.unless_sync = true;
        self
    }
}

/// The `{…}` forms of a [`Grant::resources`] template (and of a [`Grant::conditions`] value),
/// each with what it yields, so that the catalog's tables, the IAM derivation and the docs
/// share one definition. In every form, a parameter chosen at run time (a path, an intrinsic
/// or a JSONata expression) or absent yields `*` with the reason, unless the form says
/// otherwise. A condition whose value is chosen at run time is left out (a `StringEquals` on a
/// value with a fixed start becomes a `StringLike` on that start), and the statement gives
/// [`Grant::wildcard`] as its reason.
pub const TEMPLATE_VALUES: &[(&str, &str)] = &[
    (
        "{Name}",
        "the request's parameter `Name` (`{Outer.Inner}`: a member of an object parameter); a \
         value that is itself an ARN, or an `${…Arn}` placeholder, replaces the whole template",
    ),
    (
        "{First,Second}",
        "the first of these parameters that the request sets",
    ),
    (
        "{Name=default}",
        "the parameter, or `default` when the request does not set it",
    ),
    (
        "{Name?}",
        "the parameter, or no resource at all (the statement is left out) when the request does \
         not set it; combines with a transform: `{Name?|role}`",
    ),
    (
        "{Name!}",
        "the parameter, an ARN (or placeholder) as written, replacing the whole template",
    ),
    (
        "{@name}",
        "the state machine's own name (`IamOptions::state_machine_name`); `*` when not given",
    ),
    (
        "{Name|function}",
        "a Lambda function name, partial ARN, ARN (qualifier dropped) or placeholder: the \
         function and its versions and aliases (`function:NAME`, `function:NAME:*`)",
    ),
    (
        "{Name|state_machine}",
        "a state machine name, ARN or placeholder: the state machine's ARN",
    ),
    (
        "{Name|executions}",
        "a state machine name, ARN or CloudFormation placeholder: its executions \
         (`execution:NAME:*`, the name read from the ARN or from the resource's `Name`)",
    ),
    (
        "{Name|task_definition}",
        "an ECS task definition (family, family:revision, ARN or placeholder): its ARN, every \
         revision for a family without one",
    ),
    (
        "{Name|cluster_name}",
        "an ECS cluster name or ARN: its name; at run time `*`, which the grant's own wildcard \
         reason covers",
    ),
    (
        "{Name|queue}",
        "an SQS queue URL (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`) or CloudFormation \
         placeholder (`${GetAtt:Q.QueueUrl}`, `${Ref:Q}`, `${NameUrl}`): the queue's ARN",
    ),
    (
        "{Name|sms}",
        "a phone number: `*`, as an SMS message has no resource ARN",
    ),
    (
        "{Name|event_buses}",
        "EventBridge `Entries`: each entry's event bus (`EventBusName`, the `default` bus when \
         an entry names none)",
    ),
    (
        "{Name|role}",
        "an IAM role name, ARN or placeholder: the role's ARN; at run time or absent, any role \
         of the account",
    ),
    (
        "{Name|build_project}",
        "a CodeBuild build id (`PROJECT:UUID`): the project's name; otherwise `*`",
    ),
    (
        "{Name|execute_api}",
        "an API Gateway endpoint (`API.execute-api.REGION.amazonaws.com`) with the request's \
         `Stage`, `Method` and `Path` beside it: the `execute-api` ARN of that route",
    ),
    (
        "{Name|connection_secret}",
        "an EventBridge connection ARN or placeholder: the Secrets Manager secret that holds its \
         credentials (`secret:events!connection/NAME/*`)",
    ),
];

/// What a `.sync` (or `.sync:2`) task needs on top of starting the job.
#[derive(Debug)]
pub struct SyncRole {
    /// The statements Step Functions needs to watch and stop the job (`Describe…`, `Stop…`).
    pub polling: &'static [Grant],
    pub events_rule: EventsRule,
}

/// How Step Functions learns that a `.sync` job has finished.
#[derive(Debug)]
pub enum EventsRule {
    /// A managed EventBridge rule of this name (`StepFunctionsGetEventsForBatchJobsRule`), on
    /// which the role needs `events:PutTargets`, `events:PutRule` and `events:DescribeRule`.
    Managed(&'static str),
    /// No rule: Step Functions polls; the text says where that is documented.
    Polled(&'static str),
}

/// The result a task gets, as a JSON example of its top-level shape. A `…` inside a string
/// stands for a value AWS draws for each call (a request or message id); the local executor
/// writes the call's request id there when it shapes a mock's answer.
#[derive(Debug)]
pub struct Results {
    /// Request-response: the API's response (`.waitForTaskToken` returns what
    /// `SendTaskSuccess` sends instead).
    pub response: &'static str,
    /// `.sync` (and `.sync:2`): the job's description once it has finished, when it differs
    /// from the response.
    pub sync: Option<&'static str>,
    /// The member of [`Results::response`] that carries what the callee itself returned,
    /// where the response wraps it: Lambda's `Payload`, GetItem's `Item`. `None`: the response
    /// is the API's own answer.
    pub payload: Option<&'static str>,
    /// The member of [`Results::sync`] that carries the job's own output: a child execution's
    /// `Output` (JSON text for `.sync`, JSON for `.sync:2`). `None`: the description is all
    /// there is.
    pub sync_payload: Option<&'static str>,
}

impl Results {
    /// The example result of `pattern` (`None` for `.waitForTaskToken`, whose result is what
    /// `SendTaskSuccess` sends) and the member that carries the callee's own answer.
    pub fn of(&self, pattern: Pattern) -> Option<(&'static str, Option<&'static str>)> {
        match (pattern, self.sync) {
            (Pattern::WaitForTaskToken, _) => None,
            (Pattern::Sync | Pattern::Sync2, Some(sync)) => Some((sync, self.sync_payload)),
            _ => Some((self.response, self.payload)),
        }
    }
}

/// Every optimized integration service, sorted by name.
pub static SERVICES: &[&Service] = &[
    &apigateway::SERVICE,
    &athena::SERVICE,
    &batch::SERVICE,
    &bedrock::SERVICE,
    &codebuild::SERVICE,
    &databrew::SERVICE,
    &dynamodb::SERVICE,
    &ecs::SERVICE,
    &eks::SERVICE,
    &emr::SERVICE,
    &emr_containers::SERVICE,
    &emr_serverless::SERVICE,
    &events::SERVICE,
    &glue::SERVICE,
    &http::SERVICE,
    &lambda::SERVICE,
    &mediaconvert::SERVICE,
    &sagemaker::SERVICE,
    &sns::SERVICE,
    &sqs::SERVICE,
    &states::SERVICE,
];

/// The service `arn:aws:states:::NAME:…` calls.
pub fn service(name: &str) -> Option<&'static Service> {
    SERVICES.iter().copied().find(|s| s.name == name)
}

/// The action `arn:aws:states:::SERVICE:ACTION` calls.
pub fn action(service_name: &str, action_name: &str) -> Option<&'static Action> {
    service(service_name)?
        .actions
        .iter()
        .find(|a| a.name == action_name)
}

/// The service a DSL path names: `emr` → `elasticmapreduce`, `emr_serverless` →
/// `emr-serverless`, `step_functions` → `states`.
pub fn dsl_service(dsl_name: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .copied()
        .find(|s| s.dsl_aliases.contains(&dsl_name) || s.name.replace('-', "_") == dsl_name)
}

/// The `aws-sdk:` name of an optimized service (`states` → `sfn`); for a name the catalog does
/// not hold, the name without `-`.
pub fn sdk_service_name(service_name: &str) -> String {
    service(service_name).map_or_else(|| service_name.replace('-', ""), |s| s.sdk_name.to_string())
}

/// `startJobRun` → `start_job_run`, `listObjectsV2` → `list_objects_v2`.
pub fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    let mut prev_lower = false;
    for c in camel.chars() {
        if prev_lower && (c.is_ascii_uppercase() || c.is_ascii_digit()) {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The camelCase action a DSL path's snake_case word names: `send_message` → `sendMessage`,
/// the inverse of [`snake_case`] for the catalog's actions.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The DSL path that names `SERVICE:ACTION` of an optimized integration
/// (`lambda::invoke`), or `aws_sdk::SERVICE::ACTION` for an SDK integration, if the macro's
/// spelling gives that action back; `None` for a service the catalog does not hold.
pub fn dsl_path(service: &str, action: &str, sdk: bool) -> Option<String> {
    let snake = snake_case(action);
    let plain = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if !plain(&snake) || camel_case(&snake) != action {
        return None;
    }
    if sdk {
        return (plain(service) && !service.contains('_'))
            .then(|| format!("aws_sdk::{service}::{snake}"));
    }
    let known = self::service(service)?;
    let dsl = known
        .dsl_aliases
        .first()
        .map_or_else(|| known.name.replace('-', "_"), |a| a.to_string());
    Some(format!("{dsl}::{snake}"))
}

/// What the execution role needs on a `.sync` integration's managed EventBridge rule.
pub const EVENTS_RULE_ACTIONS: &[&str] =
    &["events:DescribeRule", "events:PutRule", "events:PutTargets"];
