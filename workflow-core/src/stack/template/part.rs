//! Parts of a stack defined outside this module (an AppSync API, an Amplify app, a Cognito user
//! pool): the extension point of [`App`](super::App).

use std::collections::BTreeMap;
use std::fmt::Debug;

use super::TemplateError;
use super::app::Value;
use crate::tree::Tree;

/// Something that adds resources to a stack, and files written beside its template.
///
/// [`App::part`](super::App::part) adds one. When the template is built, every part first
/// declares the logical ids it creates (so that ids stay unique and every `Ref`, `Fn::GetAtt`
/// and `Fn::Sub` of the stack can be checked against all of them), then renders its resources
/// in that order, given the [`StackNames`] of the whole stack.
///
/// ```
/// use workflow_core::template::{App, StackNames, StackPart, TemplateError, Tree, Value};
///
/// /// A topic with a fixed name.
/// #[derive(Debug)]
/// struct Topic(&'static str);
///
/// impl StackPart for Topic {
///     fn name(&self) -> String {
///         format!("topic `{}`", self.0)
///     }
///     fn logical_ids(&self) -> Vec<String> {
///         vec![self.0.to_string()]
///     }
///     fn resources(&self, stack: &StackNames) -> Result<Vec<(String, Tree)>, TemplateError> {
///         let name = Value::sub("${AWS::StackName}-orders");
///         stack.check_value(&self.name(), &name)?;
///         let properties = Tree::object([("TopicName", stack.value(&name))]);
///         Ok(vec![(
///             self.0.to_string(),
///             Tree::object([("Type", "AWS::SNS::Topic".into()), ("Properties", properties)]),
///         )])
///     }
///     fn files(&self) -> Vec<(String, String)> {
///         vec![("topics.txt".to_string(), format!("{}\n", self.0))]
///     }
/// }
///
/// let template = App::new().part(Topic("Orders")).to_template().unwrap();
/// assert_eq!(template.resource_ids(), ["Orders"]);
/// assert_eq!(template.files(), [("topics.txt".to_string(), "Orders\n".to_string())]);
///
/// // Two parts may not create the same logical id.
/// let err = App::new().part(Topic("Orders")).part(Topic("Orders")).to_template().unwrap_err();
/// assert!(matches!(err, TemplateError::DuplicateLogicalId { .. }));
/// ```
pub trait StackPart: Debug + Send + Sync {
    /// What the part is, for error messages (e.g. "GraphQL API `OrdersApi`").
    fn name(&self) -> String;

    /// The logical id of every resource the part creates, in template order.
    fn logical_ids(&self) -> Vec<String>;

    /// The resources, as `(logical id, resource)` with exactly the ids of
    /// [`logical_ids`](StackPart::logical_ids).
    ///
    /// # Errors
    ///
    /// When the part cannot be rendered, e.g. it refers to a name the stack does not have
    /// ([`StackNames::check_value`]); [`TemplateError::Part`] carries any other reason.
    fn resources(&self, stack: &StackNames) -> Result<Vec<(String, Tree)>, TemplateError>;

    /// Files written beside the template (e.g. `schema.graphql`, `amplify.yml`), as
    /// `(file name, text)`. None by default.
    fn files(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// The names of a stack that its parts may refer to: parameters, resources, and the ARN to
/// start each state machine by.
#[derive(Debug)]
pub struct StackNames<'a> {
    pub(super) names: &'a super::render::Names,
    pub(super) machine_targets: &'a BTreeMap<&'a str, Tree>,
}

impl StackNames<'_> {
    /// Whether `name` is a parameter of the stack.
    pub fn is_parameter(&self, name: &str) -> bool {
        self.names.parameters.contains(name)
    }

    /// Whether `logical_id` is a resource of the stack (of any part).
    pub fn is_resource(&self, logical_id: &str) -> bool {
        self.names.resources.contains(logical_id)
    }

    /// The logical ids of the state machines of the stack, in template order.
    pub fn state_machines(&self) -> Vec<&str> {
        self.machine_targets.keys().copied().collect()
    }

    /// The ARN that starts the state machine `logical_id` (a `Ref` of its alias when it
    /// publishes one, else of the machine), or `None` when the stack has no such machine.
    pub fn state_machine_arn(&self, logical_id: &str) -> Option<Tree> {
        self.machine_targets.get(logical_id).cloned()
    }

    /// Checks that every name `value` refers to is a parameter, resource or pseudo parameter
    /// of the stack.
    ///
    /// # Errors
    ///
    /// [`TemplateError::UnknownReference`], with `context` at the front of its message.
    pub fn check_value(&self, context: &str, value: &Value) -> Result<(), TemplateError> {
        self.names.check_value(context, value)
    }

    /// The template form of `value` (a string or an intrinsic function).
    pub fn value(&self, value: &Value) -> Tree {
        value.to_tree()
    }
}
