//! Constructors for the model's structs.
//!
//! The structs are `#[non_exhaustive]`, so that a field AWS adds to ASL is a new field here and
//! not a breaking change: code outside this crate builds them with these constructors, which take
//! what the state cannot do without, and then sets the optional fields, which are public.
//!
//! ```
//! use workflow_core::model::{
//!     Catcher, NamedState, Pass, Resource, Retrier, Scope, Succeed, Task, Transition,
//! };
//! use workflow_core::{Options, StateMachine, Validated};
//!
//! let mut charge = Task::new(
//!     Resource::Arn("arn:aws:lambda:us-east-1:123456789012:function:charge".into()),
//!     Transition::Next("Done".into()),
//! );
//! let mut retrier = Retrier::new(vec!["Lambda.TooManyRequestsException".into()]);
//! retrier.max_attempts = Some(3u32.into());
//! charge.retry.push(retrier);
//! charge.catch.push(Catcher::new(vec!["States.ALL".into()], "Failed"));
//!
//! let machine = StateMachine::new(Scope::new(
//!     "Charge",
//!     vec![
//!         NamedState::new("Charge", charge),
//!         NamedState::new("Failed", Pass::new(Transition::End)),
//!         NamedState::new("Done", Succeed::new()),
//!     ],
//! ));
//! let validated = Validated::new(&machine, &Options::default()).expect("a valid machine");
//! assert!(validated.to_json_string().contains(r#""StartAt": "Charge""#));
//! ```

use super::*;
use crate::expr::Path;

impl StateMachine {
    /// A machine of the states in `scope`, with no `Version`, `TimeoutSeconds` or
    /// `QueryLanguage`, whose type the deploy chooses.
    pub fn new(scope: Scope) -> StateMachine {
        StateMachine {
            scope,
            version: None,
            timeout_seconds: None,
            query_language: None,
            machine_type: None,
        }
    }
}

impl Scope {
    /// The states (in the order they are written) and the one that runs first.
    pub fn new(start_at: impl Into<String>, states: Vec<NamedState>) -> Scope {
        Scope {
            comment: None,
            start_at: start_at.into(),
            states,
        }
    }
}

impl NamedState {
    /// `state` under `name`: a [`State`], or any state type's struct.
    pub fn new(name: impl Into<String>, state: impl Into<State>) -> NamedState {
        NamedState {
            name: name.into(),
            state: state.into(),
        }
    }
}

impl State {
    /// A state with no `Comment`, in the machine's query language.
    pub fn new(kind: StateKind) -> State {
        State {
            comment: None,
            query_language: None,
            kind,
        }
    }
}

/// Each state type's struct is a [`State`] of that type.
macro_rules! state_from {
    ($($variant:ident($ty:ty) => $wrap:expr;)*) => {$(
        impl From<$ty> for State {
            fn from(state: $ty) -> State {
                State::new(StateKind::$variant($wrap(state)))
            }
        }
    )*};
}

state_from! {
    Task(Task) => std::convert::identity;
    Pass(Pass) => std::convert::identity;
    Choice(Choice) => std::convert::identity;
    Wait(Wait) => std::convert::identity;
    Succeed(Succeed) => std::convert::identity;
    Fail(Fail) => std::convert::identity;
    Parallel(Parallel) => std::convert::identity;
    Map(Map) => Box::new;
}

impl From<StateKind> for State {
    fn from(kind: StateKind) -> State {
        State::new(kind)
    }
}

/// JSONPath processing with none of its fields set: what a JSONPath state without `InputPath`,
/// `Parameters`, `ResultSelector`, `ResultPath` or `OutputPath` has.
impl Default for Io {
    fn default() -> Io {
        Io::JsonPath(PathIo::default())
    }
}

impl JsonataIo {
    /// `Arguments` and `Output`.
    pub fn new(arguments: Option<Template>, output: Option<Template>) -> JsonataIo {
        JsonataIo { arguments, output }
    }
}

impl Assign {
    /// Variables and their values, in the order they are written.
    pub fn new(variables: Vec<(String, Template)>) -> Assign {
        Assign { variables }
    }
}

impl Task {
    /// A task calling `resource` with its input as it is, without retries or catchers.
    pub fn new(resource: Resource, transition: Transition) -> Task {
        Task {
            resource,
            io: Io::default(),
            timeout: None,
            heartbeat: None,
            credentials: None,
            retry: Vec::new(),
            catch: Vec::new(),
            assign: None,
            transition,
        }
    }
}

impl Pass {
    /// A Pass state that passes its input on.
    pub fn new(transition: Transition) -> Pass {
        Pass {
            result: None,
            io: Io::default(),
            assign: None,
            transition,
        }
    }
}

impl Choice {
    /// The rules in the order they are tried, and the state taken when none matches.
    pub fn new(choices: Vec<ChoiceRule>, default: Option<String>) -> Choice {
        Choice {
            choices,
            default,
            io: Io::default(),
            assign: None,
        }
    }
}

impl Wait {
    /// A Wait state waiting for `wait`.
    pub fn new(wait: WaitFor, transition: Transition) -> Wait {
        Wait {
            wait,
            io: Io::default(),
            assign: None,
            transition,
        }
    }
}

impl Succeed {
    /// A Succeed state that outputs its input.
    pub fn new() -> Succeed {
        Succeed { io: Io::default() }
    }
}

impl Default for Succeed {
    fn default() -> Succeed {
        Succeed::new()
    }
}

impl Fail {
    /// A Fail state with an `Error` and a `Cause`, each optional as in ASL.
    pub fn new(error: Option<Dyn<String>>, cause: Option<Dyn<String>>) -> Fail {
        Fail { error, cause }
    }
}

impl Parallel {
    /// A Parallel state running `branches`.
    pub fn new(branches: Vec<Scope>, transition: Transition) -> Parallel {
        Parallel {
            branches,
            io: Io::default(),
            retry: Vec::new(),
            catch: Vec::new(),
            assign: None,
            transition,
        }
    }
}

impl Map {
    /// An inline Map state running `processor` over its whole input, which must be an array.
    pub fn new(processor: Processor, transition: Transition) -> Map {
        Map {
            processor,
            items: None,
            item_selector: None,
            legacy_parameters: false,
            item_reader: None,
            item_batcher: None,
            result_writer: None,
            max_concurrency: None,
            tolerated_failure_percentage: None,
            tolerated_failure_count: None,
            label: None,
            io: Io::default(),
            retry: Vec::new(),
            catch: Vec::new(),
            assign: None,
            transition,
        }
    }
}

impl Processor {
    /// An `ItemProcessor` of the states in `scope`, with no `ProcessorConfig` (inline).
    pub fn new(scope: Scope) -> Processor {
        Processor {
            legacy_iterator: false,
            config: None,
            scope,
        }
    }
}

impl ItemReader {
    /// A reader calling `resource` (such as `arn:aws:states:::s3:getObject`).
    pub fn new(resource: Resource) -> ItemReader {
        ItemReader {
            resource,
            parameters: None,
            reader_config: None,
        }
    }
}

impl Retrier {
    /// A retrier of the errors named, with AWS's defaults for the rest (three attempts, one second
    /// apart, doubling).
    pub fn new(error_equals: Vec<String>) -> Retrier {
        Retrier {
            error_equals,
            ..Retrier::default()
        }
    }
}

impl Catcher {
    /// A catcher sending the errors named to `next`, with the error output as the state output.
    pub fn new(error_equals: Vec<String>, next: impl Into<String>) -> Catcher {
        Catcher {
            comment: None,
            error_equals,
            next: next.into(),
            result_path: None,
            output: None,
            assign: None,
        }
    }
}

impl ChoiceRule {
    /// A rule going to `next` when `condition` holds.
    pub fn new(condition: Condition, next: impl Into<String>) -> ChoiceRule {
        ChoiceRule {
            comment: None,
            condition,
            next: next.into(),
            assign: None,
            output: None,
        }
    }
}

impl Comparison {
    /// `"Variable": variable, "<operator>": operand`.
    pub fn new(variable: Path, operator: Operator, operand: Operand) -> Comparison {
        Comparison {
            variable,
            operator,
            operand,
        }
    }
}
