//! Choice rule conditions: the comparison operators with AWS's type rules, `And`, `Or`, `Not`,
//! and JSONata `Condition`.
//!
//! A comparison whose value has the wrong type is false (`NumericEquals` on a string, a
//! `Timestamp*` operator on a string that is not a timestamp). Strings compare as Java compares
//! them, by UTF-16 code units.

use super::{Env, Failure, Outcome, errors, path, template, timestamp, value};
use serde_json::Value;
use std::cmp::Ordering;
use workflow_core::expr::Path;
use workflow_core::model::{Comparison, Condition, Operand, Operator, Template};

/// Whether the condition holds. A `Variable` (or operand) path that selects nothing fails with
/// `States.Runtime`, except under `IsPresent`.
pub fn evaluate_condition(
    condition: &Condition,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<bool, Failure> {
    match condition {
        Condition::Compare(comparison) => compare(comparison, env),
        Condition::And(all) => {
            for c in all {
                if !evaluate_condition(c, env, outcome)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Or(any) => {
            for c in any {
                if evaluate_condition(c, env, outcome)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Not(inner) => Ok(!evaluate_condition(inner, env, outcome)?),
        Condition::Commented { rule, .. } => evaluate_condition(rule, env, outcome),
        Condition::Jsonata(template) => jsonata_condition(template, env, outcome),
    }
}

fn jsonata_condition(
    template: &Template,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<bool, Failure> {
    let result = template::evaluate_template(template, "Condition", env, outcome)?;
    match result {
        Value::Bool(b) => Ok(b),
        other => {
            let text = match template {
                Template::Expr(expr) => expr.body().trim().to_string(),
                _ => value::compact(&other),
            };
            Err(Failure::new(
                errors::QUERY_EVALUATION_ERROR,
                format!(
                    "The JSONata expression '{text}' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '{}' for value: {}",
                    value::type_name(&other),
                    value::compact(&other)
                ),
            ))
        }
    }
}

/// The failure when a Choice path selects nothing.
fn invalid_path(path: &Path) -> Failure {
    Failure::runtime(format!(
        "Invalid path '{}': The choice state's condition path references an invalid value.",
        path.as_str()
    ))
}

fn compare(comparison: &Comparison, env: &Env<'_>) -> Result<bool, Failure> {
    let found = path::query(&comparison.variable, env).ok();
    if comparison.operator == Operator::IsPresent {
        let want = matches!(comparison.operand, Operand::Bool(true));
        return Ok(found.is_some() == want);
    }
    let Some(variable) = found else {
        return Err(invalid_path(&comparison.variable));
    };
    let operand = match &comparison.operand {
        Operand::String(s) => Value::String(s.clone()),
        Operand::Number(n) => value::lexical_number(n.as_str()),
        Operand::Bool(b) => Value::Bool(*b),
        Operand::Path(p) => path::query(p, env).map_err(|_| invalid_path(p))?,
    };
    Ok(holds(comparison.operator, &variable, &operand))
}

/// Whether `variable <operator> operand` holds, with AWS's type rules.
fn holds(operator: Operator, variable: &Value, operand: &Value) -> bool {
    use Operator::*;
    match operator {
        StringEquals
        | StringLessThan
        | StringGreaterThan
        | StringLessThanEquals
        | StringGreaterThanEquals => match (variable, operand) {
            (Value::String(a), Value::String(b)) => {
                ordering_holds(operator, a.encode_utf16().cmp(b.encode_utf16()))
            }
            _ => false,
        },
        StringMatches => match (variable, operand) {
            (Value::String(a), Value::String(pattern)) => string_matches(a, pattern),
            _ => false,
        },
        NumericEquals
        | NumericLessThan
        | NumericGreaterThan
        | NumericLessThanEquals
        | NumericGreaterThanEquals => match (variable, operand) {
            (Value::Number(a), Value::Number(b)) => {
                let ordering = match (a.as_i64(), b.as_i64()) {
                    (Some(x), Some(y)) => Some(x.cmp(&y)),
                    _ => a
                        .as_f64()
                        .zip(b.as_f64())
                        .and_then(|(x, y)| x.partial_cmp(&y)),
                };
                ordering.is_some_and(|o| ordering_holds(operator, o))
            }
            _ => false,
        },
        BooleanEquals => match (variable, operand) {
            (Value::Bool(a), Value::Bool(b)) => a == b,
            _ => false,
        },
        TimestampEquals
        | TimestampLessThan
        | TimestampGreaterThan
        | TimestampLessThanEquals
        | TimestampGreaterThanEquals => {
            let as_instant = |v: &Value| v.as_str().and_then(timestamp::parse_timestamp);
            match (as_instant(variable), as_instant(operand)) {
                (Some(a), Some(b)) => ordering_holds(operator, a.cmp(&b)),
                _ => false,
            }
        }
        IsNull => variable.is_null() == is_true(operand),
        IsNumeric => variable.is_number() == is_true(operand),
        IsString => variable.is_string() == is_true(operand),
        IsBoolean => variable.is_boolean() == is_true(operand),
        IsTimestamp => {
            let is_timestamp = variable
                .as_str()
                .and_then(timestamp::parse_timestamp)
                .is_some();
            is_timestamp == is_true(operand)
        }
        // Answered before the variable is read.
        IsPresent => true,
    }
}

fn is_true(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

fn ordering_holds(operator: Operator, ordering: Ordering) -> bool {
    use Operator::*;
    match operator {
        StringEquals | NumericEquals | TimestampEquals => ordering == Ordering::Equal,
        StringLessThan | NumericLessThan | TimestampLessThan => ordering == Ordering::Less,
        StringGreaterThan | NumericGreaterThan | TimestampGreaterThan => {
            ordering == Ordering::Greater
        }
        StringLessThanEquals | NumericLessThanEquals | TimestampLessThanEquals => {
            ordering != Ordering::Greater
        }
        StringGreaterThanEquals | NumericGreaterThanEquals | TimestampGreaterThanEquals => {
            ordering != Ordering::Less
        }
        _ => false,
    }
}

/// `StringMatches`: `*` matches any run of characters; `\*` is a literal star and `\\` a
/// literal backslash.
pub(crate) fn string_matches(text: &str, pattern: &str) -> bool {
    enum Piece {
        Char(char),
        Star,
    }
    let mut pieces = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) => pieces.push(Piece::Char(escaped)),
                None => pieces.push(Piece::Char('\\')),
            },
            '*' => pieces.push(Piece::Star),
            c => pieces.push(Piece::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Iterative wildcard matching with backtracking to the last star.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pieces.get(p) {
            Some(Piece::Char(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            Some(Piece::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pieces[p..].iter().all(|piece| matches!(piece, Piece::Star))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, json};
    use workflow_core::expr::Jsonata;
    use workflow_core::model::Number;

    fn check(operator: Operator, operand: Operand, input: Value) -> Result<bool, Failure> {
        let variable = Path::parse("$.Variable").unwrap();
        let condition = Condition::Compare(Comparison::new(variable, operator, operand));
        let variables = Map::new();
        let context = json!({});
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 0,
        };
        evaluate_condition(&condition, &env, Outcome::default())
    }

    fn value_path() -> Operand {
        Operand::Path(Path::parse("$.Value").unwrap())
    }

    #[test]
    fn numeric() {
        // choice_operators: test_numeric_equals_path
        for (variable, value, expected) in [
            (json!(0), json!(0.0), true),
            (json!(1.0), json!(1), true),
            (json!(1.1), json!(1), false),
            (json!(2.22), json!(2.22), true),
            (json!(null), json!(0), false),
            (json!("1"), json!(1), false),
            (json!(true), json!(1), false),
            (json!([]), json!(0), false),
        ] {
            let input = json!({"Variable": variable, "Value": value});
            assert_eq!(
                check(Operator::NumericEquals, value_path(), input),
                Ok(expected),
                "{variable} == {value}"
            );
        }
        // test_numeric_greater_than, test_numeric_less_than_equals
        let number = |n: &str| Operand::Number(Number::from_lexical(n));
        let input = |v: Value| json!({"Variable": v});
        assert_eq!(
            check(Operator::NumericGreaterThan, number("0"), input(json!(1))),
            Ok(true)
        );
        assert_eq!(
            check(Operator::NumericGreaterThan, number("1"), input(json!(1))),
            Ok(false)
        );
        assert_eq!(
            check(
                Operator::NumericLessThanEquals,
                number("0"),
                input(json!(0.0))
            ),
            Ok(true)
        );
    }

    #[test]
    fn strings_and_booleans() {
        // choice_operators: test_string_greater_than, test_string_less_than, test_string_equals_path
        let s = |t: &str| Operand::String(t.to_string());
        let input = |v: &str| json!({"Variable": v});
        assert_eq!(
            check(Operator::StringGreaterThan, s("A "), input("A")),
            Ok(false)
        );
        assert_eq!(
            check(Operator::StringLessThan, s("AB"), input("A")),
            Ok(true)
        );
        assert_eq!(
            check(Operator::StringGreaterThanEquals, s(""), input("")),
            Ok(true)
        );
        assert_eq!(
            check(Operator::StringEquals, s("\t\r\n"), input("\t\n")),
            Ok(false)
        );
        // test_boolean_equals
        assert_eq!(
            check(
                Operator::BooleanEquals,
                Operand::Bool(true),
                json!({"Variable": true})
            ),
            Ok(true)
        );
        assert_eq!(
            check(
                Operator::BooleanEquals,
                Operand::Bool(false),
                json!({"Variable": 0})
            ),
            Ok(false)
        );
        // test_is_numeric, test_is_string
        assert_eq!(
            check(
                Operator::IsNumeric,
                Operand::Bool(false),
                json!({"Variable": "1"})
            ),
            Ok(true)
        );
        assert_eq!(
            check(
                Operator::IsString,
                Operand::Bool(true),
                json!({"Variable": ""})
            ),
            Ok(true)
        );
        assert_eq!(
            check(
                Operator::IsNull,
                Operand::Bool(true),
                json!({"Variable": null})
            ),
            Ok(true)
        );
    }

    #[test]
    fn timestamps() {
        // choice_operators: test_timestamp_equals, test_timestamp_less_than
        let t = |s: &str| Operand::String(s.to_string());
        let input = |v: Value| json!({"Variable": v});
        let at = "2012-10-09T19:00:55Z";
        assert_eq!(
            check(Operator::TimestampEquals, t(at), input(json!(at))),
            Ok(true)
        );
        assert_eq!(
            check(
                Operator::TimestampEquals,
                t(at),
                input(json!("2023-02-24 12:15:56.832957"))
            ),
            Ok(false)
        );
        assert_eq!(
            check(Operator::TimestampEquals, t(at), input(json!(1))),
            Ok(false)
        );
        assert_eq!(
            check(
                Operator::TimestampLessThan,
                t("2012-10-09T19:00:56Z"),
                input(json!(at))
            ),
            Ok(true)
        );
        assert_eq!(
            check(Operator::IsTimestamp, Operand::Bool(true), input(json!(at))),
            Ok(true)
        );
    }

    #[test]
    fn presence_and_missing_paths() {
        assert_eq!(
            check(Operator::IsPresent, Operand::Bool(false), json!({})),
            Ok(true)
        );
        assert_eq!(
            check(
                Operator::IsPresent,
                Operand::Bool(true),
                json!({"Variable": null})
            ),
            Ok(true)
        );
        let failure = check(Operator::IsNull, Operand::Bool(true), json!({})).unwrap_err();
        assert_eq!(failure.error, "States.Runtime");
        assert_eq!(
            failure.cause,
            "Invalid path '$.Variable': The choice state's condition path references an invalid value."
        );
    }

    #[test]
    fn string_matches() {
        assert!(super::string_matches("log-2024.txt", "log-*.txt"));
        assert!(super::string_matches("abc", "*"));
        assert!(super::string_matches("a*c", "a\\*c"));
        assert!(!super::string_matches("abc", "a\\*c"));
        assert!(super::string_matches("aXbYc", "a*b*c"));
        assert!(!super::string_matches("aXbY", "a*b*c"));
        assert!(super::string_matches("a\\b", "a\\\\b"));
    }

    #[test]
    fn jsonata_conditions() {
        let variables = Map::new();
        let input = json!({"n": 3});
        let context = json!({});
        let env = Env {
            input: &input,
            context: &context,
            variables: &variables,
            seed: 0,
        };
        let condition =
            |text: &str| Condition::Jsonata(Template::Expr(Jsonata::parse(text).unwrap()));
        assert_eq!(
            evaluate_condition(
                &condition("{% $states.input.n > 2 %}"),
                &env,
                Outcome::default()
            ),
            Ok(true)
        );
        let failure =
            evaluate_condition(&condition("{% 'x' %}"), &env, Outcome::default()).unwrap_err();
        assert_eq!(failure.error, "States.QueryEvaluationError");
    }
}
