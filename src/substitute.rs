//! `${Name}` placeholders: reading them, substituting them, and the model behind
//! [`Workflow::definition`](crate::Workflow::definition).

use std::collections::BTreeSet;
use std::fmt;

use workflow_core::model::MachineType;
use workflow_core::placeholder::{self, Placeholder};
use workflow_core::{Format, StateMachine};

/// Why [`Workflow::asl_with`](crate::Workflow::asl_with) substituted nothing. Each list is
/// sorted and holds each name once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubstitutionError {
    /// Placeholders of the definition that were given no value.
    pub missing: Vec<String>,
    /// Names given a value that are not placeholders of the definition (a typo, or a
    /// placeholder the definition no longer has).
    pub unknown: Vec<String>,
    /// Names given more than one value.
    pub duplicate: Vec<String>,
}

impl fmt::Display for SubstitutionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(names: &[String]) -> String {
            names
                .iter()
                .map(|n| format!("`${{{n}}}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            parts.push(format!("no value for {}", list(&self.missing)));
        }
        if !self.unknown.is_empty() {
            parts.push(format!(
                "the definition has no placeholder {}",
                list(&self.unknown)
            ));
        }
        if !self.duplicate.is_empty() {
            parts.push(format!("more than one value for {}", list(&self.duplicate)));
        }
        if parts.is_empty() {
            f.write_str("the substitutions do not match the definition's placeholders")
        } else {
            write!(
                f,
                "cannot substitute the placeholders: {}",
                parts.join("; ")
            )
        }
    }
}

impl std::error::Error for SubstitutionError {}

/// Replaces every `${Name}` placeholder of the ASL text `asl` with its value, JSON-escaped,
/// as a deploy's `DefinitionSubstitutions` do: every placeholder needs exactly one value, and
/// every value a placeholder.
///
/// ```
/// let asl = r#"{"Resource": "${Fn}", "Next": "${Fn}"}"#;
/// let text = workflow::substitute_placeholders(asl, &[("Fn", "arn:a")]).unwrap();
/// assert_eq!(text, r#"{"Resource": "arn:a", "Next": "arn:a"}"#);
/// assert!(workflow::substitute_placeholders(asl, &[]).is_err());
/// ```
///
/// # Errors
///
/// The placeholders and the values do not match one to one ([`SubstitutionError`]).
pub fn substitute_placeholders(
    asl: &str,
    substitutions: &[(&str, &str)],
) -> Result<String, SubstitutionError> {
    substitute(asl, &placeholder::names(asl), substitutions)
}

pub(crate) fn substitute(
    asl: &str,
    placeholders: &[&str],
    substitutions: &[(&str, &str)],
) -> Result<String, SubstitutionError> {
    let mut seen = BTreeSet::new();
    let mut duplicate = BTreeSet::new();
    for (name, _) in substitutions {
        if !seen.insert(*name) {
            duplicate.insert(*name);
        }
    }
    let known: BTreeSet<&str> = placeholders.iter().copied().collect();
    let error = SubstitutionError {
        missing: known.difference(&seen).map(|n| n.to_string()).collect(),
        unknown: seen.difference(&known).map(|n| n.to_string()).collect(),
        duplicate: duplicate.into_iter().map(str::to_string).collect(),
    };
    if error != SubstitutionError::default() {
        return Err(error);
    }

    let mut out = String::with_capacity(asl.len());
    let mut copied = 0;
    for Placeholder { start, end, name } in placeholder::scan(asl) {
        // Every scanned name is a placeholder, so it has a value; a hand-written impl whose
        // PLACEHOLDERS leaves one out keeps it as written.
        if let Some((_, value)) = substitutions.iter().find(|(n, _)| *n == name) {
            out.push_str(&asl[copied..start]);
            out.push_str(&json_string_content(value));
            copied = end;
        }
    }
    out.push_str(&asl[copied..]);
    Ok(out)
}

/// `value` as it is written between the quotes of a JSON string.
fn json_string_content(value: &str) -> String {
    let quoted = serde_json::to_string(value).expect("a string always serializes");
    quoted[1..quoted.len() - 1].to_string()
}

pub(crate) fn definition_of(name: &str, asl: &str, machine_type: MachineType) -> StateMachine {
    let document = workflow_core::read::parse(asl, Format::Json)
        .unwrap_or_else(|err| panic!("the ASL of workflow `{name}` is not JSON: {}", err.message));
    let built = workflow_core::build::build(&document);
    let mut machine = built
        .machine
        .unwrap_or_else(|| panic!("the ASL of workflow `{name}` is not a state machine"));
    machine.machine_type = Some(machine_type);
    machine
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASL: &str =
        r#"{"A": "${Fn}", "B": "arn:${AWS::Partition}:x:${Fn}", "C": "${ bad }", "D": "$${Q}"}"#;

    #[test]
    fn substitutes_every_occurrence_once() {
        let out = substitute(
            ASL,
            &["AWS::Partition", "Fn", "Q"],
            &[("Fn", "${Q}"), ("AWS::Partition", "aws"), ("Q", "a\"b")],
        )
        .unwrap();
        // A value is not scanned again, and is escaped as JSON string content.
        assert_eq!(
            out,
            r#"{"A": "${Q}", "B": "arn:aws:x:${Q}", "C": "${ bad }", "D": "$a\"b"}"#
        );
    }

    #[test]
    fn reports_missing_unknown_and_duplicate_names() {
        let err = substitute(
            ASL,
            &["AWS::Partition", "Fn", "Q"],
            &[("Fn", "a"), ("Fn", "b"), ("Fnn", "c")],
        )
        .unwrap_err();
        assert_eq!(err.missing, ["AWS::Partition", "Q"]);
        assert_eq!(err.unknown, ["Fnn"]);
        assert_eq!(err.duplicate, ["Fn"]);
        assert_eq!(
            err.to_string(),
            "cannot substitute the placeholders: no value for `${AWS::Partition}`, `${Q}`; \
             the definition has no placeholder `${Fnn}`; more than one value for `${Fn}`"
        );
    }

    #[test]
    fn no_placeholders_no_substitutions() {
        assert_eq!(substitute("{}", &[], &[]).unwrap(), "{}");
    }
}
