//! The application model: what a stack holds, as builder-style Rust values.

use crate::model::{MachineType, StateMachine};
use crate::read::Format;
use crate::tree::Tree;

/// A value in the template: a literal, or a CloudFormation intrinsic that CloudFormation
/// resolves at deploy time.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A literal string.
    Literal(String),
    /// `{"Ref": name}`: a template parameter, a resource of the stack (its `Ref` value: the ARN
    /// of a state machine, activity or alias), or a pseudo parameter such as `AWS::Region`.
    Ref(String),
    /// `{"Fn::GetAtt": [resource, attribute]}` of a resource of the stack.
    GetAtt(String, String),
    /// `{"Fn::Sub": text}`: `${Name}` is a parameter or resource of the stack or a pseudo
    /// parameter, `${Resource.Attribute}` an attribute, `${!Literal}` the text `${Literal}`.
    Sub(String),
    /// Any other intrinsic function (`Fn::ImportValue`, `Fn::Join`, …), written as is.
    Intrinsic(Tree),
}

impl Value {
    /// A literal string.
    pub fn literal(text: impl Into<String>) -> Value {
        Value::Literal(text.into())
    }

    /// The value of a template parameter (`Ref`).
    pub fn parameter(name: impl Into<String>) -> Value {
        Value::Ref(name.into())
    }

    /// `Ref` of a resource of the stack or of a pseudo parameter.
    pub fn reference(logical_id: impl Into<String>) -> Value {
        Value::Ref(logical_id.into())
    }

    /// `Fn::GetAtt` of a resource of the stack, e.g. `("ApprovalActivity", "Arn")`.
    pub fn get_att(logical_id: impl Into<String>, attribute: impl Into<String>) -> Value {
        Value::GetAtt(logical_id.into(), attribute.into())
    }

    /// `Fn::Sub` of a text.
    pub fn sub(text: impl Into<String>) -> Value {
        Value::Sub(text.into())
    }

    pub(crate) fn to_tree(&self) -> Tree {
        match self {
            Value::Literal(s) => Tree::from(s.as_str()),
            Value::Ref(name) => Tree::reference(name),
            Value::GetAtt(id, attr) => Tree::get_att(id, attr),
            Value::Sub(text) => Tree::sub(text),
            Value::Intrinsic(tree) => tree.clone(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Literal(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Literal(s)
    }
}

/// A stack: a description, parameters, resources (state machines, activities, triggers) in the
/// order they are added, and outputs. [`App::to_template`] turns it into a CloudFormation
/// template.
#[derive(Debug, Clone, Default)]
pub struct App {
    pub(crate) description: Option<String>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) components: Vec<Component>,
    pub(crate) outputs: Vec<Output>,
}

/// One thing the stack creates, in the order it was added.
#[derive(Debug, Clone)]
pub(crate) enum Component {
    StateMachine(Box<StateMachineSpec>),
    Activity(ActivitySpec),
    EventRule(EventRuleTrigger),
    Schedule(ScheduleTrigger),
    Api(ApiTrigger),
    Part(std::sync::Arc<dyn super::StackPart>),
}

impl App {
    /// An empty stack.
    pub fn new() -> App {
        App::default()
    }

    /// The template's `Description`.
    pub fn description(mut self, text: impl Into<String>) -> App {
        self.description = Some(text.into());
        self
    }

    /// Adds a template parameter.
    pub fn parameter(mut self, parameter: Parameter) -> App {
        self.parameters.push(parameter);
        self
    }

    /// Adds a state machine (with its execution role, and its log group, version and alias
    /// when it has them).
    pub fn state_machine(mut self, machine: StateMachineSpec) -> App {
        self.components
            .push(Component::StateMachine(Box::new(machine)));
        self
    }

    /// Adds an activity.
    pub fn activity(mut self, activity: ActivitySpec) -> App {
        self.components.push(Component::Activity(activity));
        self
    }

    /// Adds a trigger that starts a state machine of the stack.
    pub fn trigger(mut self, trigger: impl Into<Trigger>) -> App {
        self.components.push(match trigger.into() {
            Trigger::EventRule(t) => Component::EventRule(t),
            Trigger::Schedule(t) => Component::Schedule(t),
            Trigger::Api(t) => Component::Api(t),
        });
        self
    }

    /// Adds a part defined outside this module (an AppSync API, an Amplify app, …): its
    /// resources come after those added before it, and its files are written beside the
    /// template.
    pub fn part(mut self, part: impl super::StackPart + 'static) -> App {
        self.components
            .push(Component::Part(std::sync::Arc::new(part)));
        self
    }

    /// Adds a template output.
    pub fn output(mut self, output: Output) -> App {
        self.outputs.push(output);
        self
    }
}

/// A `String` template parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) default: Option<String>,
    pub(crate) allowed_pattern: Option<String>,
    pub(crate) constraint_description: Option<String>,
}

impl Parameter {
    /// A `String` parameter named `name` (alphanumeric, like every logical id).
    pub fn string(name: impl Into<String>) -> Parameter {
        Parameter {
            name: name.into(),
            description: None,
            default: None,
            allowed_pattern: None,
            constraint_description: None,
        }
    }

    /// A `String` parameter that must hold the ARN of a Lambda function, in any partition:
    /// its `AllowedPattern` and `ConstraintDescription` say so, so that a wrong value fails
    /// when the stack is created rather than when the task first runs.
    ///
    /// ```
    /// use workflow_core::template::Parameter;
    /// let charge = Parameter::lambda_function_arn("ChargeFunctionArn")
    ///     .description("ARN of the payment Lambda function");
    /// # let _ = charge;
    /// ```
    pub fn lambda_function_arn(name: impl Into<String>) -> Parameter {
        Parameter::string(name)
            .description("ARN of a Lambda function")
            .allowed_pattern("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$")
            .constraint_description("a Lambda function ARN")
    }

    pub fn description(mut self, text: impl Into<String>) -> Parameter {
        self.description = Some(text.into());
        self
    }

    pub fn default(mut self, value: impl Into<String>) -> Parameter {
        self.default = Some(value.into());
        self
    }

    /// A regular expression the value must match (`AllowedPattern`).
    pub fn allowed_pattern(mut self, pattern: impl Into<String>) -> Parameter {
        self.allowed_pattern = Some(pattern.into());
        self
    }

    /// What CloudFormation says when the value does not match (`ConstraintDescription`).
    pub fn constraint_description(mut self, text: impl Into<String>) -> Parameter {
        self.constraint_description = Some(text.into());
        self
    }
}

/// A template output, optionally exported for other stacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub(crate) name: String,
    pub(crate) value: Value,
    pub(crate) description: Option<String>,
    pub(crate) export_name: Option<Value>,
}

impl Output {
    pub fn new(name: impl Into<String>, value: Value) -> Output {
        Output {
            name: name.into(),
            value,
            description: None,
            export_name: None,
        }
    }

    pub fn description(mut self, text: impl Into<String>) -> Output {
        self.description = Some(text.into());
        self
    }

    /// `Export.Name`, e.g. `Value::sub("${AWS::StackName}-OrdersArn")`.
    pub fn export_name(mut self, name: impl Into<Value>) -> Output {
        self.export_name = Some(name.into());
        self
    }
}

/// Where a state machine's definition comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Definition {
    /// A model: one built by hand, read with [`crate::check`], or the facade crate's
    /// `Workflow::definition()` of a `workflow!` machine.
    Model(StateMachine),
    /// Amazon States Language text, read and validated when the template is built.
    Asl { text: String, format: Format },
}

/// `LoggingConfiguration.Level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    All,
    Error,
    Fatal,
    Off,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// Execution logging to a CloudWatch Logs log group that the stack creates (named
/// `/aws/vendedlogs/states/<stack>-<machine id>`, the prefix AWS recommends so the log
/// delivery's resource policy stays small).
#[derive(Debug, Clone, PartialEq)]
pub struct Logging {
    pub(crate) level: LogLevel,
    pub(crate) include_execution_data: bool,
    pub(crate) retention_days: u32,
    pub(crate) kms_key: Option<Value>,
}

impl Logging {
    /// Logging at `level`, without execution data, kept 365 days.
    pub fn new(level: LogLevel) -> Logging {
        Logging {
            level,
            include_execution_data: false,
            retention_days: 365,
            kms_key: None,
        }
    }

    /// Also log each state's input and output (they may hold personal data).
    pub fn include_execution_data(mut self, include: bool) -> Logging {
        self.include_execution_data = include;
        self
    }

    /// The log group's `RetentionInDays` (one of the values CloudWatch Logs accepts: 1, 3, 5,
    /// 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    /// 3288, 3653).
    pub fn retention_days(mut self, days: u32) -> Logging {
        self.retention_days = days;
        self
    }

    /// Encrypts the log group with this customer managed KMS key (its ARN); the key policy
    /// must let `logs.<region>.amazonaws.com` use it. Unset, CloudWatch Logs encrypts with its
    /// own key.
    pub fn kms_key(mut self, key_arn: impl Into<Value>) -> Logging {
        self.kms_key = Some(key_arn.into());
        self
    }
}

/// A published version of the state machine and an alias pointing at it, so callers (and the
/// triggers of the stack) use a stable ARN that moves only when the definition changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Publish {
    pub alias: String,
    pub description: Option<String>,
}

/// A state machine of the stack (`AWS::StepFunctions::StateMachine`), with its execution role.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachineSpec {
    pub(crate) id: String,
    pub(crate) name: Option<Value>,
    pub(crate) definition: Definition,
    pub(crate) machine_type: Option<MachineType>,
    pub(crate) logging: Option<Logging>,
    pub(crate) tracing: bool,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) publish: Option<Publish>,
    pub(crate) substitutions: Vec<(String, Value)>,
    /// Statements replacing derived ones with the same sid (no actions: remove it).
    pub(crate) statement_overrides: Vec<crate::iam::Statement>,
    /// Statements added to the derived ones.
    pub(crate) extra_statements: Vec<crate::iam::Statement>,
}

impl StateMachineSpec {
    /// A state machine with logical id `id` (alphanumeric) and the given definition model.
    pub fn new(id: impl Into<String>, definition: StateMachine) -> StateMachineSpec {
        StateMachineSpec::with_definition(id, Definition::Model(definition))
    }

    /// A state machine whose definition is ASL text: JSON when its first non-blank character
    /// is `{`, else YAML.
    pub fn from_asl(id: impl Into<String>, text: impl Into<String>) -> StateMachineSpec {
        let text = text.into();
        let format = if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        };
        StateMachineSpec::with_definition(id, Definition::Asl { text, format })
    }

    pub fn with_definition(id: impl Into<String>, definition: Definition) -> StateMachineSpec {
        StateMachineSpec {
            id: id.into(),
            name: None,
            definition,
            machine_type: None,
            logging: None,
            tracing: false,
            tags: Vec::new(),
            publish: None,
            substitutions: Vec::new(),
            statement_overrides: Vec::new(),
            extra_statements: Vec::new(),
        }
    }

    /// `StateMachineName`. Unset, CloudFormation generates a unique name (and the machine can
    /// be replaced without a name clash).
    pub fn name(mut self, name: impl Into<Value>) -> StateMachineSpec {
        self.name = Some(name.into());
        self
    }

    /// STANDARD or EXPRESS; unset, the model's own type, else STANDARD.
    pub fn machine_type(mut self, machine_type: MachineType) -> StateMachineSpec {
        self.machine_type = Some(machine_type);
        self
    }

    /// Execution logging, to a log group the stack creates.
    pub fn logging(mut self, logging: Logging) -> StateMachineSpec {
        self.logging = Some(logging);
        self
    }

    /// AWS X-Ray tracing.
    pub fn tracing(mut self, enabled: bool) -> StateMachineSpec {
        self.tracing = enabled;
        self
    }

    /// A tag of the state machine (also put on its role and log group).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> StateMachineSpec {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// Publishes a version on every definition change and points the alias `alias` at it
    /// (`AWS::StepFunctions::StateMachineVersion` and `…Alias`). Triggers of the stack then
    /// start the alias.
    pub fn publish_version(mut self, alias: impl Into<String>) -> StateMachineSpec {
        self.publish = Some(Publish {
            alias: alias.into(),
            description: None,
        });
        self
    }

    /// The description of the published version and alias (after
    /// [`StateMachineSpec::publish_version`]).
    pub fn version_description(mut self, text: impl Into<String>) -> StateMachineSpec {
        if let Some(p) = &mut self.publish {
            p.description = Some(text.into());
        }
        self
    }

    /// Adds a statement to the execution role's derived policy (e.g. access the workflow needs
    /// that its definition does not show, such as a KMS key).
    pub fn statement(mut self, statement: crate::iam::Statement) -> Self {
        self.extra_statements.push(statement);
        self
    }

    /// Replaces the derived statement with the same `sid` (a statement without actions removes
    /// it; one whose sid matches nothing is added), see [`crate::iam::merge`].
    pub fn override_statement(mut self, statement: crate::iam::Statement) -> Self {
        self.statement_overrides.push(statement);
        self
    }

    /// The value of the definition's `${name}` placeholder (a `DefinitionSubstitutions`
    /// entry): a literal, a parameter, or an attribute of another resource of the stack.
    /// `${AWS::Region}`-style pseudo parameters, `${Ref:X}` and `${GetAtt:X.Attr}` need none.
    pub fn substitution(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.substitutions.push((name.into(), value.into()));
        self
    }
}

/// An activity of the stack (`AWS::StepFunctions::Activity`): `Ref` and `GetAtt …Arn` give
/// its ARN, for a machine's substitution.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySpec {
    pub(crate) id: String,
    pub(crate) name: Option<Value>,
    pub(crate) tags: Vec<(String, String)>,
}

impl ActivitySpec {
    /// An activity named `<stack name>-<id>` unless [`ActivitySpec::name`] says otherwise.
    pub fn new(id: impl Into<String>) -> ActivitySpec {
        ActivitySpec {
            id: id.into(),
            name: None,
            tags: Vec::new(),
        }
    }

    pub fn name(mut self, name: impl Into<Value>) -> ActivitySpec {
        self.name = Some(name.into());
        self
    }

    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> ActivitySpec {
        self.tags.push((key.into(), value.into()));
        self
    }
}

/// Something that starts a state machine of the stack.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    EventRule(EventRuleTrigger),
    Schedule(ScheduleTrigger),
    Api(ApiTrigger),
}

impl From<EventRuleTrigger> for Trigger {
    fn from(t: EventRuleTrigger) -> Trigger {
        Trigger::EventRule(t)
    }
}

impl From<ScheduleTrigger> for Trigger {
    fn from(t: ScheduleTrigger) -> Trigger {
        Trigger::Schedule(t)
    }
}

impl From<ApiTrigger> for Trigger {
    fn from(t: ApiTrigger) -> Trigger {
        Trigger::Api(t)
    }
}

/// An EventBridge rule (`AWS::Events::Rule`) whose matching events start the machine, through
/// a role of its own allowed `states:StartExecution` on that machine only.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRuleTrigger {
    pub(crate) id: String,
    pub(crate) machine: String,
    pub(crate) pattern: Tree,
    pub(crate) description: Option<String>,
    pub(crate) event_bus: Option<Value>,
}

impl EventRuleTrigger {
    /// A rule `id` on the default event bus that starts the machine `machine` (its logical id)
    /// for every event matching `pattern` (an EventBridge event pattern, e.g. from
    /// `serde_json::json!`).
    pub fn new(
        id: impl Into<String>,
        machine: impl Into<String>,
        pattern: impl Into<Tree>,
    ) -> EventRuleTrigger {
        EventRuleTrigger {
            id: id.into(),
            machine: machine.into(),
            pattern: pattern.into(),
            description: None,
            event_bus: None,
        }
    }

    pub fn description(mut self, text: impl Into<String>) -> EventRuleTrigger {
        self.description = Some(text.into());
        self
    }

    /// A custom event bus (its name or ARN) instead of the default one.
    pub fn event_bus(mut self, bus: impl Into<Value>) -> EventRuleTrigger {
        self.event_bus = Some(bus.into());
        self
    }
}

/// An EventBridge Scheduler schedule (`AWS::Scheduler::Schedule`) that starts the machine,
/// through a role of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleTrigger {
    pub(crate) id: String,
    pub(crate) machine: String,
    pub(crate) expression: String,
    pub(crate) timezone: Option<String>,
    pub(crate) input: Option<String>,
    pub(crate) description: Option<String>,
}

impl ScheduleTrigger {
    /// A schedule `id` starting `machine` on `expression` (`rate(1 hour)`,
    /// `cron(0 8 * * ? *)`, `at(2030-01-01T00:00:00)`).
    pub fn new(
        id: impl Into<String>,
        machine: impl Into<String>,
        expression: impl Into<String>,
    ) -> ScheduleTrigger {
        ScheduleTrigger {
            id: id.into(),
            machine: machine.into(),
            expression: expression.into(),
            timezone: None,
            input: None,
            description: None,
        }
    }

    /// `ScheduleExpressionTimezone`, e.g. `Europe/Paris`.
    pub fn timezone(mut self, tz: impl Into<String>) -> ScheduleTrigger {
        self.timezone = Some(tz.into());
        self
    }

    /// The execution input, as JSON text.
    pub fn input(mut self, json: impl Into<String>) -> ScheduleTrigger {
        self.input = Some(json.into());
        self
    }

    pub fn description(mut self, text: impl Into<String>) -> ScheduleTrigger {
        self.description = Some(text.into());
        self
    }
}

/// Who may call an [`ApiTrigger`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiAuthorization {
    /// Callers sign requests with SigV4 and need `execute-api:Invoke` (the default).
    #[default]
    Iam,
    /// Anyone who knows the URL (put a WAF or an authorizer in front yourself).
    None,
}

/// A REST API (`AWS::ApiGateway::RestApi`, resource, `POST` method, deployment, stage) whose
/// method starts the machine with the request body as input, through the Step Functions
/// `StartExecution` AWS integration and a role of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTrigger {
    pub(crate) id: String,
    pub(crate) machine: String,
    pub(crate) path: String,
    pub(crate) stage: String,
    pub(crate) authorization: ApiAuthorization,
    pub(crate) description: Option<String>,
}

impl ApiTrigger {
    /// An API `id` with `POST /execution` on stage `prod`, IAM authorization.
    pub fn new(id: impl Into<String>, machine: impl Into<String>) -> ApiTrigger {
        ApiTrigger {
            id: id.into(),
            machine: machine.into(),
            path: "execution".into(),
            stage: "prod".into(),
            authorization: ApiAuthorization::Iam,
            description: None,
        }
    }

    /// The path part of the resource that takes the `POST` (default `execution`).
    pub fn path(mut self, path: impl Into<String>) -> ApiTrigger {
        self.path = path.into();
        self
    }

    /// The stage name (default `prod`).
    pub fn stage(mut self, stage: impl Into<String>) -> ApiTrigger {
        self.stage = stage.into();
        self
    }

    pub fn authorization(mut self, authorization: ApiAuthorization) -> ApiTrigger {
        self.authorization = authorization;
        self
    }

    pub fn description(mut self, text: impl Into<String>) -> ApiTrigger {
        self.description = Some(text.into());
        self
    }
}
