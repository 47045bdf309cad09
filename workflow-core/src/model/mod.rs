//! The typed model of an Amazon States Language definition.
//!
//! The model mirrors the JSON closely enough that every model element has a JSON Pointer (the
//! validator computes them), but it is typed: paths, intrinsic functions and JSONata expressions
//! are parsed values, fields the specification makes exclusive are one enum (`TimeoutSeconds`
//! versus `TimeoutSecondsPath` is a [`Dyn`]), and each state type is its own struct holding only
//! the fields that state type has.
//!
//! What the model cannot represent is reported while it is built (by the text parser in
//! [`crate::build`], or by the macro); everything it can represent but AWS would refuse is
//! reported by [`crate::validate`].

mod choice;
mod construct;
mod map;
mod values;

pub use choice::{ChoiceRule, Comparison, Condition, Operand, OperandKind, Operator};
pub use map::{
    CsvDelimiter, CsvHeaderLocation, ExecutionType, InputType, ItemBatcher, ItemReader, Items,
    ManifestType, Map, OutputType, Processor, ProcessorConfig, ProcessorMode, ReaderConfig,
    ResultWriter, Transformation, WriterConfig,
};
pub use values::{Dyn, Json, Number, Template};

use crate::expr::Path;

/// Defines a closed set of ASL string constants as a Rust enum.
macro_rules! str_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every value, in the order the specification lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The ASL spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Parses the ASL spelling (case-sensitive, as AWS is).
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use str_enum;

str_enum! {
    /// `QueryLanguage`: how a state's fields are evaluated.
    QueryLanguage { JsonPath = "JSONPath", Jsonata = "JSONata" }
}

str_enum! {
    /// The type of a state machine (chosen at deploy time, not in the ASL text).
    MachineType { Standard = "STANDARD", Express = "EXPRESS" }
}

str_enum! {
    /// `JitterStrategy` of a retrier.
    JitterStrategy { Full = "FULL", None = "NONE" }
}

/// A whole state machine: the top-level scope plus the fields only the top level has.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StateMachine {
    pub scope: Scope,
    pub version: Option<String>,
    pub timeout_seconds: Option<Number>,
    pub query_language: Option<QueryLanguage>,
    /// STANDARD or EXPRESS. Not part of the ASL text: set by the deploy configuration or the
    /// `--type` option, and used by the validator for the Express restrictions.
    pub machine_type: Option<MachineType>,
}

impl StateMachine {
    /// The query language states use unless they set their own: JSONPath unless the top level
    /// says JSONata.
    pub fn default_query_language(&self) -> QueryLanguage {
        self.query_language.unwrap_or(QueryLanguage::JsonPath)
    }
}

/// A set of states with a start: the machine itself, a Parallel branch, or a Map processor.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Scope {
    pub comment: Option<String>,
    pub start_at: String,
    /// The states in document order (the order the emitter writes them back in).
    pub states: Vec<NamedState>,
}

impl Scope {
    /// The state named `name` in this scope (not in nested scopes).
    pub fn get(&self, name: &str) -> Option<&State> {
        self.states
            .iter()
            .find(|s| s.name == name)
            .map(|s| &s.state)
    }
}

/// A state and its name.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NamedState {
    pub name: String,
    pub state: State,
}

/// The fields every state has, and its type-specific part.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct State {
    pub comment: Option<String>,
    /// The state's own `QueryLanguage`, if it sets one.
    pub query_language: Option<QueryLanguage>,
    pub kind: StateKind,
}

/// The eight state types.
// A definition holds a few hundred states at most and they are not moved in hot loops, so the
// size spread between variants costs nothing worth a Box in every pattern.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    Task(Task),
    Pass(Pass),
    Choice(Choice),
    Wait(Wait),
    Succeed(Succeed),
    Fail(Fail),
    Parallel(Parallel),
    Map(Box<Map>),
}

impl StateKind {
    /// The ASL `Type` value.
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Task(_) => "Task",
            StateKind::Pass(_) => "Pass",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed(_) => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
        }
    }

    /// The `Next`/`End` of states that have one.
    pub fn transition(&self) -> Option<&Transition> {
        match self {
            StateKind::Task(s) => Some(&s.transition),
            StateKind::Pass(s) => Some(&s.transition),
            StateKind::Wait(s) => Some(&s.transition),
            StateKind::Parallel(s) => Some(&s.transition),
            StateKind::Map(s) => Some(&s.transition),
            StateKind::Choice(_) | StateKind::Succeed(_) | StateKind::Fail(_) => None,
        }
    }

    /// The input/output processing fields.
    pub fn io(&self) -> Option<&Io> {
        match self {
            StateKind::Task(s) => Some(&s.io),
            StateKind::Pass(s) => Some(&s.io),
            StateKind::Choice(s) => Some(&s.io),
            StateKind::Wait(s) => Some(&s.io),
            StateKind::Succeed(s) => Some(&s.io),
            StateKind::Parallel(s) => Some(&s.io),
            StateKind::Map(s) => Some(&s.io),
            StateKind::Fail(_) => None,
        }
    }

    /// The `Assign` block of states that have one.
    pub fn assign(&self) -> Option<&Assign> {
        match self {
            StateKind::Task(s) => s.assign.as_ref(),
            StateKind::Pass(s) => s.assign.as_ref(),
            StateKind::Choice(s) => s.assign.as_ref(),
            StateKind::Wait(s) => s.assign.as_ref(),
            StateKind::Parallel(s) => s.assign.as_ref(),
            StateKind::Map(s) => s.assign.as_ref(),
            StateKind::Succeed(_) | StateKind::Fail(_) => None,
        }
    }

    /// Retriers and catchers of the states that have them.
    pub fn error_handling(&self) -> Option<(&[Retrier], &[Catcher])> {
        match self {
            StateKind::Task(s) => Some((&s.retry, &s.catch)),
            StateKind::Parallel(s) => Some((&s.retry, &s.catch)),
            StateKind::Map(s) => Some((&s.retry, &s.catch)),
            _ => None,
        }
    }
}

/// `Next` or `End: true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    Next(String),
    End,
}

impl Transition {
    pub fn next(&self) -> Option<&str> {
        match self {
            Transition::Next(n) => Some(n),
            Transition::End => None,
        }
    }
}

/// Input and output processing, which differs by query language.
#[allow(clippy::large_enum_variant)] // see StateKind
#[derive(Debug, Clone, PartialEq)]
pub enum Io {
    /// `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath`. Each state type
    /// holds only the ones the specification gives it (the parser refuses the others).
    JsonPath(PathIo),
    /// `Arguments` and `Output`.
    Jsonata(JsonataIo),
}

impl Io {
    pub fn query_language(&self) -> QueryLanguage {
        match self {
            Io::JsonPath(_) => QueryLanguage::JsonPath,
            Io::Jsonata(_) => QueryLanguage::Jsonata,
        }
    }
}

/// JSONPath-mode input and output processing.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct PathIo {
    pub input_path: Option<NullablePath>,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub result_path: Option<NullablePath>,
    pub output_path: Option<NullablePath>,
}

/// JSONata-mode input and output processing.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct JsonataIo {
    /// `Arguments`: an object template or one expression.
    pub arguments: Option<Template>,
    /// `Output`: any value; strings may be expressions.
    pub output: Option<Template>,
}

/// A path field that may also be `null` (InputPath and OutputPath: discard the input; ResultPath:
/// discard the result).
#[derive(Debug, Clone, PartialEq)]
pub enum NullablePath {
    Null,
    Path(Path),
}

/// `Assign`: variable names and the values they get, in document order.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Assign {
    pub variables: Vec<(String, Template)>,
}

/// A Task state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Task {
    pub resource: Resource,
    pub io: Io,
    /// `TimeoutSeconds` or `TimeoutSecondsPath` (or a JSONata expression).
    pub timeout: Option<Dyn<Number>>,
    /// `HeartbeatSeconds` or `HeartbeatSecondsPath` (or a JSONata expression).
    pub heartbeat: Option<Dyn<Number>>,
    /// `Credentials`: `{"RoleArn": …}`, as a template so `RoleArn.$` works.
    pub credentials: Option<Template>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    pub assign: Option<Assign>,
    pub transition: Transition,
}

/// A `Resource` (of a Task, an ItemReader or a ResultWriter). Its meaning (Lambda, activity,
/// integration, …) is worked out by the validator, because a definition may hold placeholders
/// that a deploy substitutes.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    /// An ARN, possibly holding `${Placeholder}`s.
    Arn(String),
    /// A CloudFormation intrinsic (`{"Fn::GetAtt": [...]}`, `{"Ref": "..."}`) that a deploy
    /// replaces with an ARN.
    Cfn(Json),
}

impl Resource {
    /// The ARN text; `None` for a CloudFormation intrinsic.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Resource::Arn(s) => Some(s),
            Resource::Cfn(_) => None,
        }
    }
}

/// A Pass state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pass {
    pub result: Option<Json>,
    pub io: Io,
    pub assign: Option<Assign>,
    pub transition: Transition,
}

/// A Choice state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Choice {
    pub choices: Vec<ChoiceRule>,
    pub default: Option<String>,
    pub io: Io,
    pub assign: Option<Assign>,
}

/// A Wait state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Wait {
    pub wait: WaitFor,
    pub io: Io,
    pub assign: Option<Assign>,
    pub transition: Transition,
}

/// What a Wait state waits for: exactly one of the four forms.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitFor {
    /// `Seconds`, `SecondsPath`, or `Seconds` as a JSONata expression.
    Seconds(Dyn<Number>),
    /// `Timestamp`, `TimestampPath`, or `Timestamp` as a JSONata expression.
    Timestamp(Dyn<String>),
}

/// A Succeed state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Succeed {
    pub io: Io,
}

/// A Fail state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Fail {
    /// `Error`, `ErrorPath` (a path or intrinsic function), or a JSONata expression.
    pub error: Option<Dyn<String>>,
    /// `Cause`, `CausePath`, or a JSONata expression.
    pub cause: Option<Dyn<String>>,
}

/// A Parallel state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Parallel {
    pub branches: Vec<Scope>,
    pub io: Io,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    pub assign: Option<Assign>,
    pub transition: Transition,
}

/// One element of `Retry`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Retrier {
    pub comment: Option<String>,
    pub error_equals: Vec<String>,
    pub interval_seconds: Option<Number>,
    pub max_attempts: Option<Number>,
    pub backoff_rate: Option<Number>,
    pub max_delay_seconds: Option<Number>,
    pub jitter_strategy: Option<JitterStrategy>,
}

/// One element of `Catch`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Catcher {
    pub comment: Option<String>,
    pub error_equals: Vec<String>,
    pub next: String,
    /// JSONPath only.
    pub result_path: Option<NullablePath>,
    /// JSONata only.
    pub output: Option<Template>,
    pub assign: Option<Assign>,
}
