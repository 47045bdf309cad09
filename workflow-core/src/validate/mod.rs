//! The one validator: every rule the model can break, checked on the model alone, all
//! diagnostics collected at once.
//!
//! The text front end ([`crate::check`]) and the `workflow!` macro both build a
//! [`StateMachine`] and call [`validate`]; neither re-implements a rule. Each diagnostic carries
//! the JSON Pointer of the offending value, computed from the model's structure, which each
//! front end maps back to its own positions.

mod choice_cover;
pub mod resource;
mod scope;
mod values;

use crate::diagnostic::{Diagnostic, Location, pointer_push};
use crate::model::{MachineType, StateMachine};
use crate::rules::Rule;

/// The largest definition AWS accepts, in bytes.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// What the validator should assume about how the machine is deployed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// STANDARD or EXPRESS; overrides [`StateMachine::machine_type`]. Unset means STANDARD.
    pub machine_type: Option<MachineType>,
}

/// A state machine that passed [`validate`] without errors: the only thing the emitter takes,
/// so "emit before validate" does not compile.
#[derive(Debug, Clone, Copy)]
pub struct Validated<'a>(&'a StateMachine);

impl<'a> Validated<'a> {
    /// Validates `machine`; returns it wrapped when there is no error, else every diagnostic.
    pub fn new(machine: &'a StateMachine, options: &Options) -> Result<Self, Vec<Diagnostic>> {
        let diagnostics = validate(machine, options);
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(diagnostics)
        } else {
            Ok(Validated(machine))
        }
    }

    /// Validates `machine` once and returns every diagnostic (warnings included), with the
    /// machine wrapped when none is an error.
    pub fn with_diagnostics(
        machine: &'a StateMachine,
        options: &Options,
    ) -> (Option<Self>, Vec<Diagnostic>) {
        let diagnostics = validate(machine, options);
        let validated =
            (!diagnostics.iter().any(Diagnostic::is_error)).then_some(Validated(machine));
        (validated, diagnostics)
    }

    /// [`Validated::with_diagnostics`] with each lint first moved to the level `levels_at`
    /// gives for it (see [`crate::lints::apply_at`]); allowed lints are dropped, and the machine
    /// is wrapped when no error and no denied lint is left.
    pub fn with_lint_levels<'l>(
        machine: &'a StateMachine,
        options: &Options,
        levels_at: impl Fn(&Diagnostic) -> &'l crate::LintLevels,
    ) -> (Option<Self>, Vec<Diagnostic>) {
        let mut diagnostics = validate(machine, options);
        crate::lints::apply_at(&mut diagnostics, levels_at);
        let validated =
            (!diagnostics.iter().any(Diagnostic::is_error)).then_some(Validated(machine));
        (validated, diagnostics)
    }

    /// For callers that just ran the validator themselves.
    pub(crate) fn assume_checked(machine: &'a StateMachine) -> Self {
        Validated(machine)
    }

    pub fn machine(&self) -> &'a StateMachine {
        self.0
    }
}

/// Checks a state machine against every rule and returns all diagnostics (errors and
/// warnings), in the order found.
pub fn validate(machine: &StateMachine, options: &Options) -> Vec<Diagnostic> {
    let machine_type = options
        .machine_type
        .or(machine.machine_type)
        .unwrap_or(MachineType::Standard);
    let mut v = Validator::new(machine, machine_type);
    v.machine();
    v.diags
}

/// Where in the machine a check is.
#[derive(Debug, Clone)]
pub(crate) struct Here {
    pub pointer: String,
    pub state_path: String,
}

impl Here {
    pub fn child(&self, token: &str) -> Here {
        Here {
            pointer: pointer_push(&self.pointer, token),
            state_path: self.state_path.clone(),
        }
    }

    pub fn loc(&self) -> Location {
        Location {
            pointer: self.pointer.clone(),
            state_path: self.state_path.clone(),
            at_key: false,
        }
    }

    pub fn key_loc(&self) -> Location {
        Location {
            at_key: true,
            ..self.loc()
        }
    }
}

pub(crate) struct Validator<'m> {
    pub machine: &'m StateMachine,
    pub machine_type: MachineType,
    pub diags: Vec<Diagnostic>,
}

impl<'m> Validator<'m> {
    fn new(machine: &'m StateMachine, machine_type: MachineType) -> Self {
        Validator {
            machine,
            machine_type,
            diags: Vec::new(),
        }
    }

    pub fn report(
        &mut self,
        rule: Rule,
        loc: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(rule, loc, message));
        self.diags.last_mut().expect("just pushed")
    }

    fn machine(&mut self) {
        let root = Here {
            pointer: String::new(),
            state_path: String::new(),
        };
        if let Some(t) = &self.machine.timeout_seconds {
            self.positive_int(
                t,
                &root.child("TimeoutSeconds"),
                "TimeoutSeconds",
                99_999_999,
            );
        }
        self.state_names();
        let machine = self.machine;
        self.scope(&machine.scope, &root, &Default::default());
    }
}
