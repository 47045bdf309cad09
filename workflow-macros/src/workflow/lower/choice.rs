//! Choice states: arms, conditions, comparisons and their operators, the condition tests.

use super::*;

/// The tests a Choice condition can call, with their operator.
pub(super) const TESTS: &[(&str, Operator)] = &[
    ("is_present", Operator::IsPresent),
    ("is_null", Operator::IsNull),
    ("is_string", Operator::IsString),
    ("is_numeric", Operator::IsNumeric),
    ("is_boolean", Operator::IsBoolean),
    ("is_timestamp", Operator::IsTimestamp),
];

/// The typed wrappers of comparison operands.
pub(super) const WRAPPERS: &[(&str, OperandKind)] = &[
    ("string", OperandKind::String),
    ("number", OperandKind::Number),
    ("boolean", OperandKind::Bool),
    ("timestamp", OperandKind::Timestamp),
];

impl Lowerer {
    // ---- Choice ----

    pub(super) fn choice(&mut self, arms: &[ast::ChoiceArm], cx: &Cx) -> Choice {
        let mut choices = Vec::new();
        let mut default: Option<String> = None;
        let mut assign = None;
        let mut output = None;
        for arm in arms {
            let Some(cond) = &arm.cond else {
                if let Some(docs) = &arm.docs {
                    self.error(
                        docs,
                        "a `///` comment goes before a choice rule: ASL has no Comment for the \
                         default",
                    );
                }
                if default.is_some() {
                    self.error(&arm.tokens, "a choice has one default arm `_ => State`");
                    continue;
                }
                self.spans.insert(cx.at("Default"), &arm.next);
                default = Some(arm.next.text.clone());
                // The default arm's `assign` and `output` are the Choice state's own, which
                // apply when no rule matches.
                assign = arm
                    .assign
                    .as_ref()
                    .and_then(|v| self.assign(None, v, &cx.at("Assign"), cx.ql));
                output = arm
                    .output
                    .as_ref()
                    .and_then(|v| self.arm_output(v, &cx.at("Output"), cx));
                continue;
            };
            let ptr = pointer_push(&cx.at("Choices"), &choices.len().to_string());
            self.spans.insert(ptr.clone(), &arm.tokens);
            if choices.is_empty() {
                self.spans.insert(cx.at("Choices"), &arm.tokens);
            }
            self.spans.insert(pointer_push(&ptr, "Next"), &arm.next);
            let condition = if cx.jsonpath() {
                self.condition(cond, &ptr)
            } else {
                match cond {
                    ast::Cond::Jsonata(lit) => {
                        self.spans.insert(pointer_push(&ptr, "Condition"), lit);
                        self.jsonata(&lit.value(), lit)
                            .map(|j| Condition::Jsonata(Template::Expr(j)))
                    }
                    other => {
                        self.rule_error(
                            cond_tokens(other),
                            Rule::QueryLanguageMix,
                            "in a JSONata state a choice condition is a `\"{% … %}\"` expression",
                            Some("write e.g. `\"{% $states.input.total > 100 %}\" => Big`, or mark the state `#[jsonpath]`"),
                        );
                        None
                    }
                }
            };
            let rule_assign = arm
                .assign
                .as_ref()
                .and_then(|v| self.assign(None, v, &pointer_push(&ptr, "Assign"), cx.ql));
            let rule_output = arm
                .output
                .as_ref()
                .and_then(|v| self.arm_output(v, &pointer_push(&ptr, "Output"), cx));
            // Without a condition, a placeholder keeps the index of later rules aligned with
            // their pointers.
            let condition = condition.unwrap_or(Condition::Jsonata(Template::Bool(false)));
            let mut rule = ChoiceRule::new(condition, arm.next.text.clone());
            rule.comment = self.entry_comment(arm.docs.as_ref(), &ptr);
            rule.assign = rule_assign;
            rule.output = rule_output;
            choices.push(rule);
        }
        if choices.is_empty() {
            self.rule_error(
                cx_tokens(&self.spans, &cx.ptr),
                Rule::EmptyValue,
                "a choice needs at least one arm with a condition",
                Some("add e.g. `$.total > 100 => Big`"),
            );
        }
        let io = if cx.jsonpath() {
            Io::JsonPath(PathIo::default())
        } else {
            Io::Jsonata(JsonataIo::new(None, output))
        };
        let mut choice = Choice::new(choices, default);
        choice.io = io;
        choice.assign = assign;
        choice
    }

    pub(super) fn arm_output(&mut self, v: &ast::Value, ptr: &str, cx: &Cx) -> Option<Template> {
        if cx.jsonpath() {
            self.rule_error(
                v.tokens(),
                Rule::QueryLanguageMix,
                "`output` is a JSONata field, but this state uses JSONPath",
                Some("mark the state `#[jsonata]`"),
            );
            return None;
        }
        self.template(v, ptr, cx.ql, Place::Top)
    }

    /// A JSONPath condition at `ptr` (the rule object, or a nested one).
    pub(super) fn condition(&mut self, c: &ast::Cond, ptr: &str) -> Option<Condition> {
        match c {
            ast::Cond::Or(_, tokens) | ast::Cond::And(_, tokens) => {
                let and = matches!(c, ast::Cond::And(..));
                let key = if and { "And" } else { "Or" };
                let list_ptr = pointer_push(ptr, key);
                self.spans.insert(list_ptr.clone(), tokens.clone());
                let mut flat = Vec::new();
                flatten(c, and, &mut flat);
                let mut out = Vec::with_capacity(flat.len());
                for inner in flat {
                    let p = pointer_push(&list_ptr, &out.len().to_string());
                    self.spans.insert(p.clone(), cond_tokens(inner));
                    if let Some(cond) = self.condition(inner, &p) {
                        out.push(cond);
                    }
                }
                Some(if and {
                    Condition::And(out)
                } else {
                    Condition::Or(out)
                })
            }
            ast::Cond::Not(inner, tokens) => {
                let p = pointer_push(ptr, "Not");
                self.spans.insert(p.clone(), tokens.clone());
                self.condition(inner, &p)
                    .map(|c| Condition::Not(Box::new(c)))
            }
            ast::Cond::Compare {
                left,
                op,
                op_tokens,
                right,
                tokens,
            } => self.compare(left, *op, op_tokens, right, tokens, ptr),
            ast::Cond::Call(call) => self.test(call, ptr),
            ast::Cond::Jsonata(lit) => {
                self.rule_error(
                    lit,
                    Rule::QueryLanguageMix,
                    "a `\"{% … %}\"` condition needs a JSONata state",
                    Some("mark the state `#[jsonata]`, or write the condition as a comparison such as `$.total > 100`"),
                );
                None
            }
        }
    }

    /// One side of a comparison.
    pub(super) fn side(&mut self, v: &ast::Value) -> Option<Side> {
        match v {
            ast::Value::Path { text, tokens } => Some(Side::Path {
                path: self.path(text, tokens)?,
                tokens: tokens.clone(),
                wrap: None,
            }),
            ast::Value::Str(s) => Some(Side::Lit(Lit::String(s.value()), s.to_token_stream())),
            ast::Value::Number { text, tokens } => Some(Side::Lit(
                Lit::Number(self.number(text, tokens)?),
                tokens.clone(),
            )),
            ast::Value::Duration { seconds, tokens } => Some(Side::Lit(
                Lit::Number(seconds_number(*seconds)),
                tokens.clone(),
            )),
            ast::Value::Bool { value, tokens } => {
                Some(Side::Lit(Lit::Bool(*value), tokens.clone()))
            }
            ast::Value::Null(tokens) => Some(Side::Lit(Lit::Null, tokens.clone())),
            ast::Value::Call(call) => {
                let Some((_, kind)) = WRAPPERS.iter().find(|(n, _)| *n == call.name) else {
                    let names: Vec<&str> = WRAPPERS.iter().map(|(n, _)| *n).collect();
                    self.unknown(
                        &call.name_tokens,
                        &call.name,
                        "function",
                        "a comparison",
                        &names,
                    );
                    return None;
                };
                let [arg] = call.args.as_slice() else {
                    self.error(
                        &call.tokens,
                        format!("`{}(…)` takes one argument", call.name),
                    );
                    return None;
                };
                match (kind, arg) {
                    (_, ast::Value::Path { text, tokens }) => Some(Side::Path {
                        path: self.path(text, tokens)?,
                        tokens: tokens.clone(),
                        wrap: Some(*kind),
                    }),
                    (OperandKind::Timestamp | OperandKind::String, ast::Value::Str(s)) => {
                        let lit = if *kind == OperandKind::Timestamp {
                            Lit::Timestamp(s.value())
                        } else {
                            Lit::String(s.value())
                        };
                        Some(Side::Lit(lit, call.tokens.clone()))
                    }
                    (OperandKind::Number, ast::Value::Number { text, tokens }) => Some(Side::Lit(
                        Lit::Number(self.number(text, tokens)?),
                        call.tokens.clone(),
                    )),
                    (OperandKind::Bool, ast::Value::Bool { value, .. }) => {
                        Some(Side::Lit(Lit::Bool(*value), call.tokens.clone()))
                    }
                    _ => {
                        self.rule_error(
                            arg.tokens(),
                            Rule::ChoiceOperandType,
                            &format!("`{}(…)` takes a path, or a literal of its type", call.name),
                            None,
                        );
                        None
                    }
                }
            }
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::ChoiceOperandType,
                    "a comparison compares a path with a string, a number, a boolean, `null`, `timestamp(\"…\")` or another path",
                    None,
                );
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn compare(
        &mut self,
        left: &ast::Value,
        op: ast::CompareOp,
        op_tokens: &TokenStream,
        right: &ast::Value,
        tokens: &TokenStream,
        ptr: &str,
    ) -> Option<Condition> {
        use ast::CompareOp as Op;
        let l = self.side(left);
        let r = self.side(right);
        let (l, r) = (l?, r?);
        // The variable, the operator as seen from it, and the operand.
        let (var, var_tokens, wrap, op, operand) = match (l, r) {
            (Side::Path { path, tokens, wrap }, other) => (path, tokens, wrap, op, other),
            (lit @ Side::Lit(..), Side::Path { path, tokens, wrap }) => {
                let flipped = match op {
                    Op::Lt => Op::Gt,
                    Op::Gt => Op::Lt,
                    Op::Le => Op::Ge,
                    Op::Ge => Op::Le,
                    other => other,
                };
                (path, tokens, wrap, flipped, lit)
            }
            (Side::Lit(..), Side::Lit(..)) => {
                self.rule_error(
                    tokens,
                    Rule::ChoiceRuleOperator,
                    "a comparison needs a path on one side, e.g. `$.status == \"done\"`",
                    None,
                );
                return None;
            }
        };
        let (kind, operand, operand_tokens) = match operand {
            Side::Path {
                path,
                tokens: t,
                wrap: other_wrap,
            } => {
                let kind = match (wrap, other_wrap) {
                    (Some(a), Some(b)) if a != b => {
                        self.rule_error(
                            tokens,
                            Rule::ChoiceOperandType,
                            "the two sides are wrapped in different types",
                            None,
                        );
                        return None;
                    }
                    (Some(k), _) | (None, Some(k)) => k,
                    (None, None) => OperandKind::Number,
                };
                (Some(kind), Operand::Path(path), t)
            }
            Side::Lit(lit, t) => {
                let (kind, operand) = match lit {
                    Lit::String(s) if wrap == Some(OperandKind::Timestamp) => {
                        (Some(OperandKind::Timestamp), Operand::String(s))
                    }
                    Lit::String(s) => (Some(OperandKind::String), Operand::String(s)),
                    Lit::Timestamp(s) => (Some(OperandKind::Timestamp), Operand::String(s)),
                    Lit::Number(n) => (Some(OperandKind::Number), Operand::Number(n)),
                    Lit::Bool(b) => (Some(OperandKind::Bool), Operand::Bool(b)),
                    Lit::Null => (None, Operand::Bool(true)),
                };
                if let (Some(w), Some(k)) = (wrap, kind)
                    && w != k
                {
                    self.rule_error(
                        &t,
                        Rule::ChoiceOperandType,
                        &format!(
                            "the path is compared as {}, but this is {}",
                            kind_noun(w),
                            kind_noun(k)
                        ),
                        None,
                    );
                    return None;
                }
                (kind, operand, t)
            }
        };
        let Some(kind) = kind else {
            // `== null` / `!= null`.
            if !matches!(op, Op::Eq | Op::Ne) {
                self.rule_error(
                    op_tokens,
                    Rule::ChoiceOperandType,
                    "`null` compares only with `==` and `!=`",
                    None,
                );
                return None;
            }
            return Some(self.comparison(
                ptr,
                var,
                &var_tokens,
                Operator::IsNull,
                Operand::Bool(op == Op::Eq),
                &operand_tokens,
            ));
        };
        use OperandKind as K;
        let operator = match (kind, op) {
            (K::Bool, Op::Eq | Op::Ne) => Operator::BooleanEquals,
            (K::Bool, _) => {
                self.rule_error(
                    op_tokens,
                    Rule::ChoiceOperandType,
                    "booleans compare only with `==` and `!=`",
                    None,
                );
                return None;
            }
            (K::String, Op::Eq | Op::Ne) => Operator::StringEquals,
            (K::String, Op::Lt) => Operator::StringLessThan,
            (K::String, Op::Gt) => Operator::StringGreaterThan,
            (K::String, Op::Le) => Operator::StringLessThanEquals,
            (K::String, Op::Ge) => Operator::StringGreaterThanEquals,
            (K::Number, Op::Eq | Op::Ne) => Operator::NumericEquals,
            (K::Number, Op::Lt) => Operator::NumericLessThan,
            (K::Number, Op::Gt) => Operator::NumericGreaterThan,
            (K::Number, Op::Le) => Operator::NumericLessThanEquals,
            (K::Number, Op::Ge) => Operator::NumericGreaterThanEquals,
            (K::Timestamp, Op::Eq | Op::Ne) => Operator::TimestampEquals,
            (K::Timestamp, Op::Lt) => Operator::TimestampLessThan,
            (K::Timestamp, Op::Gt) => Operator::TimestampGreaterThan,
            (K::Timestamp, Op::Le) => Operator::TimestampLessThanEquals,
            (K::Timestamp, Op::Ge) => Operator::TimestampGreaterThanEquals,
        };
        if op == Op::Ne {
            let not = pointer_push(ptr, "Not");
            self.spans.insert(not.clone(), tokens.clone());
            let inner = self.comparison(&not, var, &var_tokens, operator, operand, &operand_tokens);
            Some(Condition::Not(Box::new(inner)))
        } else {
            Some(self.comparison(ptr, var, &var_tokens, operator, operand, &operand_tokens))
        }
    }

    /// `Variable` + operator + operand at `ptr`, with their tokens.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn comparison(
        &mut self,
        ptr: &str,
        variable: Path,
        variable_tokens: &TokenStream,
        operator: Operator,
        operand: Operand,
        operand_tokens: &TokenStream,
    ) -> Condition {
        self.spans
            .insert(pointer_push(ptr, "Variable"), variable_tokens.clone());
        self.spans.insert(
            pointer_push(ptr, &operator.field_name(&operand)),
            operand_tokens.clone(),
        );
        Condition::Compare(Comparison::new(variable, operator, operand))
    }

    /// `is_present($.x)`, `matches($.s, "a*")`, …
    pub(super) fn test(&mut self, call: &ast::Call, ptr: &str) -> Option<Condition> {
        if call.name == "matches" {
            let [path, pattern] = call.args.as_slice() else {
                self.error(&call.tokens, "expected `matches($.path, \"pattern*\")`");
                return None;
            };
            let (ast::Value::Path { text, tokens }, ast::Value::Str(s)) = (path, pattern) else {
                self.rule_error(
                    &call.tokens,
                    Rule::ChoiceOperandType,
                    "`matches` takes a path and a string pattern: `matches($.file, \"*.csv\")`",
                    None,
                );
                return None;
            };
            let p = self.path(text, tokens)?;
            return Some(self.comparison(
                ptr,
                p,
                tokens,
                Operator::StringMatches,
                Operand::String(s.value()),
                &s.to_token_stream(),
            ));
        }
        let Some((_, operator)) = TESTS.iter().find(|(n, _)| *n == call.name) else {
            let mut names: Vec<&str> = TESTS.iter().map(|(n, _)| *n).collect();
            names.push("matches");
            self.unknown(
                &call.name_tokens,
                &call.name,
                "test",
                "a choice condition",
                &names,
            );
            return None;
        };
        let [ast::Value::Path { text, tokens }] = call.args.as_slice() else {
            self.error(&call.tokens, format!("expected `{}($.path)`", call.name));
            return None;
        };
        let p = self.path(text, tokens)?;
        Some(self.comparison(
            ptr,
            p,
            tokens,
            *operator,
            Operand::Bool(true),
            &call.name_tokens,
        ))
    }
}

/// A side of a comparison.
pub(super) enum Side {
    Path {
        path: Path,
        tokens: TokenStream,
        wrap: Option<OperandKind>,
    },
    Lit(Lit, TokenStream),
}

pub(super) enum Lit {
    String(String),
    Timestamp(String),
    Number(Number),
    Bool(bool),
    Null,
}

pub(super) fn kind_noun(k: OperandKind) -> &'static str {
    match k {
        OperandKind::String => "a string",
        OperandKind::Number => "a number",
        OperandKind::Bool => "a boolean",
        OperandKind::Timestamp => "a timestamp",
    }
}

/// The operands of nested `&&` (or `||`) conditions, as one list.
pub(super) fn flatten<'a>(c: &'a ast::Cond, and: bool, out: &mut Vec<&'a ast::Cond>) {
    match c {
        ast::Cond::And(cs, _) if and => cs.iter().for_each(|c| flatten(c, and, out)),
        ast::Cond::Or(cs, _) if !and => cs.iter().for_each(|c| flatten(c, and, out)),
        other => out.push(other),
    }
}

pub(super) fn cond_tokens(c: &ast::Cond) -> TokenStream {
    match c {
        ast::Cond::Or(_, t) | ast::Cond::And(_, t) | ast::Cond::Not(_, t) => t.clone(),
        ast::Cond::Compare { tokens, .. } => tokens.clone(),
        ast::Cond::Call(call) => call.tokens.clone(),
        ast::Cond::Jsonata(lit) => lit.to_token_stream(),
    }
}

/// The tokens recorded for a state (its name).
pub(super) fn cx_tokens(spans: &SpanMap, ptr: &str) -> TokenStream {
    spans.find(ptr, true).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::workflow::lower::tests::*;

    #[test]
    fn choice_with_every_operator_form() {
        assert_asl(
            r#"
            Chooser {
                Check: choice {
                    $.status == "done" => Yes,
                    $.status != "done" => Yes,
                    $.status < "m" => Yes,
                    $.status >= "m" => Yes,
                    $.n < 5 => Yes,
                    $.n <= 5.5 => Yes,
                    $.n > -1 => Yes,
                    $.n >= 1e3 => Yes,
                    5 < $.n => Yes,
                    10 >= $.n => Yes,
                    $.flag == true => Yes,
                    $.flag != false => Yes,
                    $.when > timestamp("2026-01-01T00:00:00Z") => Yes,
                    timestamp($.when) <= "2026-01-01T00:00:00Z" => Yes,
                    timestamp($.when) < $.deadline => Yes,
                    string($.a) == $.b => Yes,
                    $.a == string($.b) => Yes,
                    boolean($.f) == $.g => Yes,
                    $.a >= $.b => Yes,
                    $.x == null => Yes,
                    $.x != null => Yes,
                    is_present($.x) => Yes,
                    is_null($.x) => Yes,
                    is_string($.x) => Yes,
                    is_numeric($.x) => Yes,
                    is_boolean($.x) => Yes,
                    is_timestamp($.x) => Yes,
                    !is_present($.y) => Yes,
                    matches($.file, "*.csv") => Yes,
                    $.a == 1 && ($.b == 2 && $.c == 3) => Yes,
                    $.a == 1 || !($.b == "x") || $.c == 3 => Yes,
                    $.a == 1 && ($.b == 2 || $.c == 3) => Yes,
                    _ => No,
                },
                Yes: succeed,
                No: fail { error: "NoMatch", cause: "nothing matched" },
            }
            "#,
            r#"{
              "StartAt": "Check",
              "States": {
                "Check": {
                  "Type": "Choice",
                  "Choices": [
                    { "Variable": "$.status", "StringEquals": "done", "Next": "Yes" },
                    { "Not": { "Variable": "$.status", "StringEquals": "done" }, "Next": "Yes" },
                    { "Variable": "$.status", "StringLessThan": "m", "Next": "Yes" },
                    { "Variable": "$.status", "StringGreaterThanEquals": "m", "Next": "Yes" },
                    { "Variable": "$.n", "NumericLessThan": 5, "Next": "Yes" },
                    { "Variable": "$.n", "NumericLessThanEquals": 5.5, "Next": "Yes" },
                    { "Variable": "$.n", "NumericGreaterThan": -1, "Next": "Yes" },
                    { "Variable": "$.n", "NumericGreaterThanEquals": 1e3, "Next": "Yes" },
                    { "Variable": "$.n", "NumericGreaterThan": 5, "Next": "Yes" },
                    { "Variable": "$.n", "NumericLessThanEquals": 10, "Next": "Yes" },
                    { "Variable": "$.flag", "BooleanEquals": true, "Next": "Yes" },
                    { "Not": { "Variable": "$.flag", "BooleanEquals": false }, "Next": "Yes" },
                    { "Variable": "$.when", "TimestampGreaterThan": "2026-01-01T00:00:00Z", "Next": "Yes" },
                    { "Variable": "$.when", "TimestampLessThanEquals": "2026-01-01T00:00:00Z", "Next": "Yes" },
                    { "Variable": "$.when", "TimestampLessThanPath": "$.deadline", "Next": "Yes" },
                    { "Variable": "$.a", "StringEqualsPath": "$.b", "Next": "Yes" },
                    { "Variable": "$.a", "StringEqualsPath": "$.b", "Next": "Yes" },
                    { "Variable": "$.f", "BooleanEqualsPath": "$.g", "Next": "Yes" },
                    { "Variable": "$.a", "NumericGreaterThanEqualsPath": "$.b", "Next": "Yes" },
                    { "Variable": "$.x", "IsNull": true, "Next": "Yes" },
                    { "Variable": "$.x", "IsNull": false, "Next": "Yes" },
                    { "Variable": "$.x", "IsPresent": true, "Next": "Yes" },
                    { "Variable": "$.x", "IsNull": true, "Next": "Yes" },
                    { "Variable": "$.x", "IsString": true, "Next": "Yes" },
                    { "Variable": "$.x", "IsNumeric": true, "Next": "Yes" },
                    { "Variable": "$.x", "IsBoolean": true, "Next": "Yes" },
                    { "Variable": "$.x", "IsTimestamp": true, "Next": "Yes" },
                    { "Not": { "Variable": "$.y", "IsPresent": true }, "Next": "Yes" },
                    { "Variable": "$.file", "StringMatches": "*.csv", "Next": "Yes" },
                    { "And": [
                        { "Variable": "$.a", "NumericEquals": 1 },
                        { "Variable": "$.b", "NumericEquals": 2 },
                        { "Variable": "$.c", "NumericEquals": 3 }
                      ], "Next": "Yes" },
                    { "Or": [
                        { "Variable": "$.a", "NumericEquals": 1 },
                        { "Not": { "Variable": "$.b", "StringEquals": "x" } },
                        { "Variable": "$.c", "NumericEquals": 3 }
                      ], "Next": "Yes" },
                    { "And": [
                        { "Variable": "$.a", "NumericEquals": 1 },
                        { "Or": [
                            { "Variable": "$.b", "NumericEquals": 2 },
                            { "Variable": "$.c", "NumericEquals": 3 }
                        ] }
                      ], "Next": "Yes" }
                  ],
                  "Default": "No"
                },
                "Yes": { "Type": "Succeed" },
                "No": { "Type": "Fail", "Error": "NoMatch", "Cause": "nothing matched" }
              }
            }"#,
        );
    }
}
