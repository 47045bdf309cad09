//! # workflow-core
//!
//! One typed model of the Amazon States Language (ASL), one strict parser from JSON and YAML,
//! one validator and one canonical emitter. Everything else in workflow-rs (the `workflow!`
//! macro, deploy templates, deploys, pictures) builds on this crate.
//!
//! The pipeline is parse → model → validate → emit:
//!
//! ```
//! use workflow_core::{check, Format, Options};
//!
//! let text = r#"{
//!   "StartAt": "Hello",
//!   "States": { "Hello": { "Type": "Pass", "Result": "world", "End": true } }
//! }"#;
//! let report = check(text, Format::Json, &Options::default());
//! assert!(report.is_valid());
//! let canonical = report.validated().unwrap().to_json_string();
//! assert!(canonical.contains("\"StartAt\": \"Hello\""));
//! ```

// The ASL pipeline, in the order a definition goes through it.
pub mod build;
// What each service integration is: ARN, patterns, DSL name, IAM, result shape, errors.
pub mod catalog;
pub mod emit;
pub mod expr;
pub mod model;
pub mod read;
pub mod render;
pub mod tree;
pub mod validate;
// What a diagnostic is and which rules exist.
pub mod diagnostic;
pub mod lints;
pub mod rules;
// Vocabulary every stage shares: near-miss suggestions, `${Placeholder}`s, execution histories.
pub mod did_you_mean;
pub mod history;
pub mod placeholder;
// What a deploy creates: templates, roles and the other parts of a stack.
pub mod stack;

#[cfg(feature = "appsync")]
pub use stack::appsync;
pub use stack::{amplify, cognito, iam, template};

pub use diagnostic::{Diagnostic, Level, Location, Pos, Severity};
pub use lints::LintLevels;
pub use model::{MachineType, QueryLanguage, StateMachine};
pub use read::Format;
pub use rules::Rule;
pub use validate::{Options, Validated, validate};

/// The result of [`check`]: every diagnostic, with positions, and the model when the text could
/// be read.
#[derive(Debug, Clone)]
pub struct Report {
    /// All diagnostics of the parser and the validator, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The model, when the text was well-formed JSON or YAML holding an object. It is built even
    /// when there are errors (fields in error are left out), so tools can still look at it.
    pub machine: Option<StateMachine>,
}

impl Report {
    /// No diagnostic is an error or a denied lint (warnings are allowed).
    pub fn is_valid(&self) -> bool {
        self.machine.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// AWS would accept the definition: nothing but lints, whatever their level.
    pub fn is_accepted_by_aws(&self) -> bool {
        self.machine.is_some() && !self.diagnostics.iter().any(Diagnostic::is_rejected_by_aws)
    }

    /// Sets each lint to the level `levels` gives it and drops the allowed ones.
    pub fn apply_lint_levels(&mut self, levels: &LintLevels) {
        levels.apply(&mut self.diagnostics);
    }

    /// The model as validated, for the emitter; `None` when there are errors.
    pub fn validated(&self) -> Option<Validated<'_>> {
        if self.is_valid() {
            self.machine.as_ref().map(Validated::assume_checked)
        } else {
            None
        }
    }
}

/// Reads, builds and validates a definition in one go, and resolves every diagnostic to a line
/// and column of `text`.
pub fn check(text: &str, format: Format, options: &Options) -> Report {
    let mut diagnostics = Vec::new();
    if text.len() > validate::MAX_DEFINITION_BYTES {
        diagnostics.push(Diagnostic::new(
            Rule::DefinitionTooLarge,
            Location::default(),
            format!(
                "the definition is {} bytes, more than the {} bytes AWS allows",
                text.len(),
                validate::MAX_DEFINITION_BYTES
            ),
        ));
    }
    let document = match read::parse(text, format) {
        Ok(doc) => doc,
        Err(err) => {
            let mut d = Diagnostic::new(Rule::Syntax, Location::default(), err.message.clone());
            d.pos = Some(err.pos);
            diagnostics.push(d);
            return Report {
                diagnostics,
                machine: None,
            };
        }
    };
    let built = build::build(&document);
    diagnostics.extend(built.diagnostics);
    if let Some(machine) = &built.machine {
        diagnostics.extend(validate(machine, options));
    }
    for d in &mut diagnostics {
        if d.pos.is_none() {
            d.pos = Some(
                document
                    .root
                    .position_of(&d.location.pointer, d.location.at_key),
            );
        }
        for note in &mut d.notes {
            note.pos = Some(document.root.position_of(&note.pointer, note.at_key));
        }
    }
    diagnostics.sort_by(|a, b| (a.pos, a.rule, &a.message).cmp(&(b.pos, b.rule, &b.message)));
    diagnostics.dedup();
    Report {
        diagnostics,
        machine: built.machine,
    }
}
