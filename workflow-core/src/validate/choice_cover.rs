//! Whether a Choice state's rules certainly leave some input unmatched (`choice-no-default-uncovered`).
//!
//! "Cannot cover every input" is decided by one witness: the input in which every input path a
//! rule compares (`Variable`) exists and holds an object (or an array where an index reads it).
//! On a non-scalar value every comparison operator is false (or a run-time error, which takes no
//! rule's `Next` either), `IsPresent: true` is true, and the type tests `IsNull`, `IsString`,
//! `IsNumeric`, `IsBoolean`, `IsTimestamp` are true only in their `false` form. A rule that
//! reads the context object, a variable or a JSONata expression is unknown on the witness, so a
//! state with one can never be flagged. The evaluation is conservative: `Not` over a run-time
//! error is taken as true, so a rule is only ever counted unmatched when it certainly is.

use crate::expr::{Path, PathRoot, Segment};
use crate::model::{ChoiceRule, Comparison, Condition, Operand, Operator, Template};
use std::collections::BTreeMap;

/// The highest array index the witness spells out; a rule reading a later element is left
/// alone rather than described with a long array.
const MAX_WITNESS_INDEX: i64 = 16;

/// A rule's value on the witness input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// The witness input, as JSON text, when no rule matches it; `None` when some rule may match
/// it, or when its compared paths cannot all exist at once.
pub(super) fn unmatched_input(rules: &[ChoiceRule]) -> Option<String> {
    if rules.is_empty() || !rules.iter().all(|r| evaluate(&r.condition) == Truth::False) {
        return None;
    }
    let mut witness = Node::Object(BTreeMap::new());
    for rule in rules {
        insert_compared_paths(&rule.condition, &mut witness)?;
    }
    let mut text = String::new();
    witness.write(&mut text);
    Some(text)
}

fn evaluate(condition: &Condition) -> Truth {
    match condition {
        Condition::Compare(cmp) => compare(cmp),
        Condition::And(cs) => {
            let values: Vec<Truth> = cs.iter().map(evaluate).collect();
            if values.contains(&Truth::False) {
                Truth::False
            } else if values.iter().all(|v| *v == Truth::True) {
                Truth::True
            } else {
                Truth::Unknown
            }
        }
        Condition::Or(cs) => {
            let values: Vec<Truth> = cs.iter().map(evaluate).collect();
            if values.contains(&Truth::True) {
                Truth::True
            } else if values.iter().all(|v| *v == Truth::False) {
                Truth::False
            } else {
                Truth::Unknown
            }
        }
        Condition::Not(c) => evaluate(c).not(),
        Condition::Commented { rule, .. } => evaluate(rule),
        Condition::Jsonata(Template::Bool(b)) => {
            if *b {
                Truth::True
            } else {
                Truth::False
            }
        }
        Condition::Jsonata(_) => Truth::Unknown,
    }
}

/// A comparison on the witness, whose compared input paths all hold a non-scalar value.
fn compare(cmp: &Comparison) -> Truth {
    if cmp.variable.root != PathRoot::Input || !cmp.variable.is_reference() {
        return Truth::Unknown;
    }
    let test_form = match cmp.operand {
        Operand::Bool(b) => b,
        // Only `BooleanEquals` and the `Is*` tests take a boolean; a path operand compares
        // two values, and a non-scalar one is never equal to anything the operator reads.
        _ => return Truth::False,
    };
    let holds = match cmp.operator {
        Operator::IsPresent => true,
        Operator::IsNull
        | Operator::IsString
        | Operator::IsNumeric
        | Operator::IsBoolean
        | Operator::IsTimestamp => false,
        // `BooleanEquals: true/false` on an object.
        _ => return Truth::False,
    };
    if holds == test_form {
        Truth::True
    } else {
        Truth::False
    }
}

/// The witness: objects and arrays, with `{}` wherever nothing reads further.
enum Node {
    Leaf,
    Object(BTreeMap<String, Node>),
    Array(Vec<Node>),
}

impl Node {
    fn write(&self, out: &mut String) {
        match self {
            Node::Leaf => out.push_str("{}"),
            Node::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&serde_json::Value::String(key.clone()).to_string());
                    out.push_str(": ");
                    value.write(out);
                }
                out.push('}');
            }
            Node::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
        }
    }
}

/// Adds every input path the condition compares to the witness; `None` when one cannot exist
/// beside the others.
fn insert_compared_paths(condition: &Condition, witness: &mut Node) -> Option<()> {
    match condition {
        Condition::Compare(cmp) => insert(&cmp.variable, witness),
        Condition::And(cs) | Condition::Or(cs) => cs
            .iter()
            .try_for_each(|c| insert_compared_paths(c, witness)),
        Condition::Not(c) => insert_compared_paths(c, witness),
        Condition::Commented { rule, .. } => insert_compared_paths(rule, witness),
        Condition::Jsonata(_) => Some(()),
    }
}

fn insert(path: &Path, witness: &mut Node) -> Option<()> {
    let mut node = witness;
    for segment in &path.segments {
        node = match segment {
            Segment::Field(name) => {
                if let Node::Leaf = node {
                    *node = Node::Object(BTreeMap::new());
                }
                let Node::Object(fields) = node else {
                    return None;
                };
                fields.entry(name.clone()).or_insert(Node::Leaf)
            }
            Segment::Index(i) if (0..=MAX_WITNESS_INDEX).contains(i) => {
                if let Node::Leaf = node {
                    *node = Node::Array(Vec::new());
                }
                let Node::Array(items) = node else {
                    return None;
                };
                let i = usize::try_from(*i).ok()?;
                while items.len() <= i {
                    items.push(Node::Leaf);
                }
                &mut items[i]
            }
            _ => return None,
        };
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Number;

    fn rule(condition: Condition) -> ChoiceRule {
        ChoiceRule::new(condition, "Next")
    }

    fn cmp(variable: &str, operator: Operator, operand: Operand) -> Condition {
        Condition::Compare(Comparison::new(
            Path::parse(variable).unwrap(),
            operator,
            operand,
        ))
    }

    fn is_present(variable: &str, b: bool) -> Condition {
        cmp(variable, Operator::IsPresent, Operand::Bool(b))
    }

    #[test]
    fn value_comparisons_never_cover_a_non_scalar_input() {
        let rules = [
            rule(cmp(
                "$.order.items[1]",
                Operator::NumericLessThan,
                Operand::Number(Number::from(5i64)),
            )),
            rule(cmp(
                "$.order.items[1]",
                Operator::NumericGreaterThanEquals,
                Operand::Number(Number::from(5i64)),
            )),
            rule(cmp(
                "$.status",
                Operator::StringEquals,
                Operand::Path(Path::parse("$.expected").unwrap()),
            )),
        ];
        assert_eq!(
            unmatched_input(&rules).as_deref(),
            Some(r#"{"order": {"items": [{}, {}]}, "status": {}}"#)
        );
    }

    #[test]
    fn tautologies_and_unknowns_are_not_flagged() {
        // Present or not: every input.
        assert_eq!(
            unmatched_input(&[
                rule(is_present("$.x", true)),
                rule(Condition::Not(Box::new(is_present("$.x", true))))
            ]),
            None
        );
        // `IsNull: false` holds on the witness, and `$` always exists.
        assert_eq!(
            unmatched_input(&[rule(cmp("$.x", Operator::IsNull, Operand::Bool(false)))]),
            None
        );
        assert_eq!(unmatched_input(&[rule(is_present("$", true))]), None);
        // The context object and variables are not the input.
        assert_eq!(
            unmatched_input(&[rule(cmp(
                "$$.Execution.Id",
                Operator::StringMatches,
                Operand::String("*".into())
            ))]),
            None
        );
        assert_eq!(
            unmatched_input(&[rule(cmp(
                "$flag",
                Operator::BooleanEquals,
                Operand::Bool(true)
            ))]),
            None
        );
        // `$.a` cannot be an object and an array at once: no single witness.
        assert_eq!(
            unmatched_input(&[
                rule(cmp("$.a.b", Operator::IsString, Operand::Bool(true))),
                rule(cmp("$.a[0]", Operator::IsString, Operand::Bool(true))),
            ]),
            None
        );
    }

    #[test]
    fn and_or_not_combine_three_valued() {
        let unknown = cmp("$v", Operator::IsPresent, Operand::Bool(true));
        let false_ = cmp("$.x", Operator::StringEquals, Operand::String("a".into()));
        let and = rule(Condition::And(vec![unknown.clone(), false_.clone()]));
        assert!(unmatched_input(std::slice::from_ref(&and)).is_some());
        let or = rule(Condition::Or(vec![unknown, false_.clone()]));
        assert_eq!(unmatched_input(&[or]), None);
        let not = rule(Condition::Not(Box::new(false_)));
        assert_eq!(unmatched_input(&[not]), None);
    }
}
