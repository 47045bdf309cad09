//! `${Name}` placeholders: reading them, substituting them, and the model behind
//! [`Workflow::definition`](crate::Workflow::definition).

use std::collections::BTreeSet;
use std::fmt;

use workflow_core::model::MachineType;
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

/// Every `${Name}` placeholder in `asl`, in order of appearance, with where each starts and
/// ends (`$` to `}` inclusive). Must agree with the macro's reading of placeholders.
pub(crate) fn scan(asl: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    while let Some(start) = asl[offset..].find("${") {
        let start = offset + start;
        let after = start + 2;
        let Some(end) = asl[after..].find('}') else {
            break;
        };
        let name = &asl[after..after + end];
        if is_placeholder_name(name) {
            found.push((start, after + end + 1, name));
            offset = after + end + 1;
        } else {
            offset = after;
        }
    }
    found
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().any(|c| {
            matches!(c, '"' | '\\' | '{' | '}' | '$') || c.is_whitespace() || c.is_control()
        })
}

/// The sorted, deduplicated placeholder names of `asl` (what the macro puts in
/// `PLACEHOLDERS`).
pub(crate) fn placeholder_names(asl: &str) -> Vec<&str> {
    let names: BTreeSet<&str> = scan(asl).into_iter().map(|(_, _, n)| n).collect();
    names.into_iter().collect()
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
    for (start, end, name) in scan(asl) {
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
    fn scans_like_the_macro() {
        assert_eq!(placeholder_names(ASL), ["AWS::Partition", "Fn", "Q"]);
        assert!(placeholder_names(r#""${}" "${open"#).is_empty());
    }

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
