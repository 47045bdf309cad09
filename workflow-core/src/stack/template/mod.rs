//! Deploy templates: an application model (state machines, activities, triggers, parameters,
//! outputs) and its CloudFormation template, as JSON or YAML.
//!
//! An [`App`] is one stack. [`App::to_template`] validates every definition, binds every
//! `${Placeholder}` of each definition to a `DefinitionSubstitutions` value, derives each
//! machine's least-privilege execution role from its definition (see [`crate::iam`]) and lays
//! the resources out in the order they were added:
//!
//! | added with | resources (logical ids) |
//! |---|---|
//! | [`App::state_machine`] `Orders` | `OrdersRole` (`AWS::IAM::Role`), `OrdersLogs` (`AWS::Logs::LogGroup`, with [`StateMachineSpec::logging`]), `Orders` (`AWS::StepFunctions::StateMachine`), `OrdersVersion` and `OrdersAlias` (with [`StateMachineSpec::publish_version`]) |
//! | [`App::activity`] `Approval` | `Approval` (`AWS::StepFunctions::Activity`) |
//! | [`EventRuleTrigger`] `OnOrder` | `OnOrderRole`, `OnOrder` (`AWS::Events::Rule`) |
//! | [`ScheduleTrigger`] `Nightly` | `NightlyRole`, `Nightly` (`AWS::Scheduler::Schedule`) |
//! | [`ApiTrigger`] `OrdersApi` | `OrdersApiRole`, `OrdersApi` (`AWS::ApiGateway::RestApi`), `OrdersApiResource`, `OrdersApiMethod`, `OrdersApiDeployment<hash>`, `OrdersApiStage` |
//!
//! The state machine's `DefinitionString` is the canonical ASL text of
//! [`Validated::to_json_string`](crate::Validated::to_json_string). Its placeholders are bound
//! as follows: `${AWS::Region}`-style pseudo parameters, `${Ref:X}` and `${GetAtt:X.Attr}` by
//! themselves; every other `${Name}` by [`StateMachineSpec::substitution`] (an unbound
//! placeholder, or a substitution no placeholder uses, is an error). A `Resource` written as a
//! CloudFormation intrinsic (`{"Fn::GetAtt": [...]}`) becomes a `${<State>Resource}`
//! placeholder bound to that intrinsic, since a `DefinitionString` cannot hold one.
//!
//! Each role trusts only its service principal, for this account (`aws:SourceAccount`). The
//! execution role's inline policy holds the statements of [`crate::iam`], with every resource
//! that holds `${…}` written as `Fn::Sub` and the definition's placeholders bound to the same
//! values as in `DefinitionSubstitutions`. A statement whose resource is `*` must carry a
//! reason, which the template lists under `Metadata.WorkflowRs.WildcardResources`.
//!
//! Both texts come from one ordered tree, so they are deterministic (byte for byte the same for
//! the same app) and hold the same data; see [`Tree::to_yaml_string`] for the YAML style.
//!
//! ```
//! use workflow_core::template::*;
//! use workflow_core::{Format, Options, check};
//!
//! let asl = r#"{
//!   "StartAt": "Approve",
//!   "States": {
//!     "Approve": { "Type": "Task", "Resource": "${ApprovalActivityArn}", "End": true }
//!   }
//! }"#;
//! let machine = check(asl, Format::Json, &Options::default()).machine.unwrap();
//!
//! let app = App::new()
//!     .description("Orders, approved by a person")
//!     .parameter(Parameter::string("Stage").default("dev").allowed_pattern("^[a-z]+$"))
//!     .activity(ActivitySpec::new("Approval").name(Value::sub("${AWS::StackName}-approval")))
//!     .state_machine(
//!         StateMachineSpec::new("Orders", machine)
//!             .substitution("ApprovalActivityArn", Value::reference("Approval"))
//!             .logging(Logging::new(LogLevel::Error))
//!             .tracing(true)
//!             .tag("stage", "dev")
//!             .publish_version("live"),
//!     )
//!     .trigger(ScheduleTrigger::new("Nightly", "Orders", "cron(0 2 * * ? *)"))
//!     .output(
//!         Output::new("OrdersAliasArn", Value::reference("OrdersAlias"))
//!             .export_name(Value::sub("${AWS::StackName}-${Stage}-orders")),
//!     );
//!
//! let template = app.to_template().unwrap();
//! let json = template.to_json_string();
//! assert!(json.contains(r#""Type": "AWS::StepFunctions::StateMachine""#));
//! assert!(json.contains(r#""ApprovalActivityArn": {"#));
//! assert!(template.to_yaml_string().contains("Type: AWS::StepFunctions::StateMachineAlias"));
//!
//! // A placeholder nobody binds is an error.
//! let machine = check(asl, Format::Json, &Options::default()).machine.unwrap();
//! let err = App::new()
//!     .state_machine(StateMachineSpec::new("Orders", machine))
//!     .to_template()
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "state machine `Orders`: no substitution for the placeholder `${ApprovalActivityArn}`");
//! ```

mod app;
mod part;
pub(crate) mod render;
mod standalone;
#[cfg(test)]
mod tests;

pub use crate::tree::Tree;
pub use app::{
    ActivitySpec, ApiAuthorization, ApiTrigger, App, Definition, EventRuleTrigger, LogLevel,
    Logging, Output, Parameter, ScheduleTrigger, StateMachineSpec, Trigger, Value,
};
pub use part::{StackNames, StackPart};

use crate::diagnostic::Diagnostic;

/// A CloudFormation template, built by [`App::to_template`].
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    tree: Tree,
    files: Vec<(String, String)>,
}

impl Template {
    /// The whole template as a tree.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// The resource `logical_id` (its `Type`, `Properties`, …).
    pub fn resource(&self, logical_id: &str) -> Option<&Tree> {
        self.tree.get("Resources")?.get(logical_id)
    }

    /// The logical ids of the resources, in template order.
    pub fn resource_ids(&self) -> Vec<&str> {
        match self.tree.get("Resources") {
            Some(Tree::Object(members)) => members.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// The files the stack's parts write beside the template, as `(file name, text)`, in
    /// the order the parts were added (see [`StackPart::files`]).
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    /// Pretty-printed JSON (two-space indentation, trailing newline).
    pub fn to_json_string(&self) -> String {
        self.tree.to_json_string()
    }

    /// Block-style YAML (see [`Tree::to_yaml_string`]).
    pub fn to_yaml_string(&self) -> String {
        self.tree.to_yaml_string()
    }
}

impl App {
    /// The CloudFormation template of the stack; an error when a definition does not validate,
    /// a placeholder is unbound, or a name or reference is wrong (the first problem found, in
    /// the order the app was built).
    pub fn to_template(&self) -> Result<Template, TemplateError> {
        let tree = render::render(self)?;
        let files = self
            .components
            .iter()
            .filter_map(|c| match c {
                app::Component::Part(part) => Some(part.files()),
                _ => None,
            })
            .flatten()
            .collect();
        Ok(Template { tree, files })
    }
}

/// Why [`App::to_template`] built no template.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "`{id}` is not a valid logical id (1 to 255 ASCII letters and digits; generated ids add suffixes such as `Role`)"
    )]
    InvalidLogicalId { id: String },
    #[error("the logical id `{id}` is used twice (generated ids add suffixes such as `Role`)")]
    DuplicateLogicalId { id: String },
    #[error(
        "state machine `{machine}`: the definition is not valid: {}",
        summary(diagnostics)
    )]
    InvalidDefinition {
        machine: String,
        /// The errors (warnings are left out).
        diagnostics: Vec<Diagnostic>,
    },
    #[error("state machine `{machine}`: no substitution for the placeholder `${{{placeholder}}}`")]
    UnboundPlaceholder {
        machine: String,
        placeholder: String,
    },
    #[error(
        "state machine `{machine}`: the substitution `{name}` matches no placeholder of the definition"
    )]
    UnusedSubstitution { machine: String, name: String },
    #[error("state machine `{machine}`: more than one substitution for `{name}`")]
    DuplicateSubstitution { machine: String, name: String },
    #[error("state machine `{machine}`: the substitution `{name}` is not usable: {reason}")]
    InvalidSubstitution {
        machine: String,
        name: String,
        reason: String,
    },
    #[error("{context}: `{name}` is neither a parameter nor a resource of the stack")]
    UnknownReference { context: String, name: String },
    #[error("trigger `{trigger}`: `{machine}` is not a state machine of the stack")]
    UnknownStateMachine { trigger: String, machine: String },
    #[error(
        "state machine `{machine}`: the policy statement `{sid}` grants `*` without saying why"
    )]
    UnexplainedWildcard { machine: String, sid: String },
    #[error("{part}: {reason}")]
    Part { part: String, reason: String },
    #[error("`{resource}`: {property} {reason}")]
    InvalidProperty {
        resource: String,
        property: &'static str,
        reason: String,
    },
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("; ")
}
