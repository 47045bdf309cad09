//! JSONata expressions with `$states` bound, the workflow variables, and the functions Step
//! Functions adds: `$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`.

use super::{Env, Failure, Outcome};
use serde_json::Value;
use workflow_core::expr::Jsonata;

/// The value of an expression; `field` is where it is written (`Output/result`), which AWS
/// quotes in failures. An expression that returns nothing fails with
/// `States.QueryEvaluationError` (`… returned nothing (undefined).`).
pub fn evaluate_jsonata(
    expr: &Jsonata,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Value, Failure> {
    let _ = (expr, field, env, outcome);
    Err(Failure::new(
        super::errors::QUERY_EVALUATION_ERROR,
        "not implemented: JSONata",
    ))
}

/// The value of a JSONata-mode field that is either a literal or an expression (`Items`,
/// `TimeoutSeconds`, `Seconds`, …): a template that is not an expression is taken as it is.
pub fn evaluate_jsonata_field(
    template: &workflow_core::model::Template,
    field: &str,
    env: &Env<'_>,
    outcome: Outcome<'_>,
) -> Result<Value, Failure> {
    super::template::evaluate_template(template, field, env, outcome)
}
