//! Choice rules: JSONPath conditions with their operators and operands, JSONata `Condition`s.

use super::*;

impl Builder {
    pub(super) fn choice_rules(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Vec<ChoiceRule> {
        let Some((node, ctx)) = obj.take("Choices") else {
            self.err(
                Rule::MissingField,
                obj.ctx.loc(),
                "a Choice state has no `Choices`",
            )
            .help = Some("add `\"Choices\": [ … ]` with at least one rule".into());
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "Choices", "an array of rules");
            return Vec::new();
        };
        if items.is_empty() {
            self.err(
                Rule::EmptyValue,
                ctx.loc(),
                "`Choices` must hold at least one rule",
            );
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let c = ctx.child(&i.to_string());
            let Some(mut o) = self.object(item, &c, "a Choice rule") else {
                continue;
            };
            let comment = self.take_string(&mut o, "Comment");
            let next = self.non_empty_string(&mut o, "Next");
            let assign = self.assign(&mut o, ql);
            let (condition, output) = match ql {
                QueryLanguage::Jsonata => {
                    let condition = match o.take("Condition") {
                        None => {
                            let d = self.err(
                                Rule::MissingField,
                                c.loc(),
                                "a JSONata Choice rule has no `Condition`",
                            );
                            d.help = Some("add `\"Condition\": \"{% … %}\"`".into());
                            None
                        }
                        Some((n, cc)) => match &n.value {
                            Value::Bool(_) => Some(Condition::Jsonata(scalar_template(n))),
                            Value::String(s) if jsonata::is_expression(s) => self
                                .jsonata_string(s, &cc, "Condition")
                                .map(|j| Condition::Jsonata(Template::Expr(j))),
                            _ => {
                                self.wrong_type(
                                    n,
                                    &cc,
                                    "Condition",
                                    "a JSONata expression `{% … %}` or a boolean",
                                );
                                None
                            }
                        },
                    };
                    (condition, self.take_any_template(&mut o, "Output", ql))
                }
                QueryLanguage::JsonPath => (self.condition_fields(&mut o, true), None),
            };
            if next.is_none() && !o.has("Next") {
                self.err(Rule::ChoiceRuleNext, c.loc(), "a Choice rule has no `Next`")
                    .help = Some("name the state to go to when the rule matches".into());
            }
            let allowed = if ql == QueryLanguage::Jsonata {
                CHOICE_RULE_FIELDS_JSONATA.to_vec()
            } else {
                choice_rule_fields(true)
            };
            self.finish(o, "a Choice rule", &allowed, Some(ql));
            if let Some(condition) = condition {
                out.push(ChoiceRule {
                    comment,
                    condition,
                    next: next.unwrap_or_default(),
                    assign,
                    output,
                });
            }
        }
        out
    }

    /// The condition part of a JSONPath Choice rule: `Variable` + one operator, or `And`, `Or`,
    /// `Not`. `top` rules are the elements of `Choices`; nested ones are inside And/Or/Not.
    pub(super) fn condition_fields(&mut self, o: &mut Obj<'_>, top: bool) -> Option<Condition> {
        let operators: Vec<(String, Operator, bool)> = o
            .members
            .iter()
            .filter_map(|m| Operator::parse_field(&m.key).map(|(op, p)| (m.key.clone(), op, p)))
            .collect();
        let logical: Vec<&str> = ["And", "Or", "Not"]
            .into_iter()
            .filter(|k| o.has(k))
            .collect();
        let count = operators.len() + logical.len();
        if count != 1 {
            let found: Vec<String> = operators
                .iter()
                .map(|(k, _, _)| k.clone())
                .chain(logical.iter().map(|s| s.to_string()))
                .collect();
            let msg = if count == 0 {
                "a Choice rule needs one comparison operator (e.g. `StringEquals`, `IsPresent`) or `And`, `Or`, `Not`".to_string()
            } else {
                format!(
                    "a Choice rule can have only one comparison operator, found {}",
                    found.join(", ")
                )
            };
            self.err(Rule::ChoiceRuleOperator, o.ctx.loc(), msg).help =
                Some("split the rule with `And`/`Or` to combine comparisons".into());
        }
        let nested_comment = if top {
            None
        } else {
            self.take_string(o, "Comment")
        };
        if !top && let Some((_, c)) = o.take("Next") {
            self.err(
                Rule::ChoiceRuleNext,
                c.key_loc(),
                "a nested Choice rule (inside And, Or or Not) cannot have `Next`",
            )
            .help = Some("move `Next` to the top-level rule".into());
        }
        let condition = if let Some(kind) = logical.first() {
            let (node, ctx) = o.take(kind)?;
            if o.has("Variable") {
                o.take("Variable");
                self.err(
                    Rule::ChoiceRuleOperator,
                    ctx.key_loc(),
                    format!("`{kind}` cannot be combined with `Variable`"),
                );
            }
            if *kind == "Not" {
                let mut inner = self.object(node, &ctx, "Not")?;
                let c = self.condition_fields(&mut inner, false);
                self.finish(
                    inner,
                    "a nested Choice rule",
                    &choice_rule_fields(false),
                    Some(QueryLanguage::JsonPath),
                );
                Some(Condition::Not(Box::new(c?)))
            } else {
                let Value::Array(items) = &node.value else {
                    self.wrong_type(node, &ctx, kind, "an array of rules");
                    return None;
                };
                if items.is_empty() {
                    self.err(
                        Rule::EmptyValue,
                        ctx.loc(),
                        format!("`{kind}` must hold at least one rule"),
                    );
                }
                let mut conds = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let c = ctx.child(&i.to_string());
                    let Some(mut inner) = self.object(item, &c, "a nested Choice rule") else {
                        continue;
                    };
                    let cond = self.condition_fields(&mut inner, false);
                    self.finish(
                        inner,
                        "a nested Choice rule",
                        &choice_rule_fields(false),
                        Some(QueryLanguage::JsonPath),
                    );
                    conds.extend(cond);
                }
                Some(if *kind == "And" {
                    Condition::And(conds)
                } else {
                    Condition::Or(conds)
                })
            }
        } else if let Some((key, operator, is_path)) = operators.first().cloned() {
            let variable = match o.take("Variable") {
                Some((n, c)) => self.path(n, &c, "Variable"),
                None => {
                    self.err(
                        Rule::MissingField,
                        o.ctx.loc(),
                        format!("a Choice rule with `{key}` has no `Variable`"),
                    )
                    .help =
                        Some("name the value to compare, e.g. `\"Variable\": \"$.status\"`".into());
                    None
                }
            };
            let (node, ctx) = o.take(&key)?;
            for (k, _, _) in operators.iter().skip(1) {
                o.take(k);
            }
            let operand = self.operand(node, &ctx, &key, operator, is_path);
            Some(Condition::Compare(Comparison {
                variable: variable?,
                operator,
                operand: operand?,
            }))
        } else {
            o.take("Variable");
            None
        };
        match nested_comment {
            Some(comment) => condition.map(|c| Condition::Commented {
                comment,
                rule: Box::new(c),
            }),
            None => condition,
        }
    }

    pub(super) fn operand(
        &mut self,
        node: &Node,
        ctx: &Ctx,
        key: &str,
        operator: Operator,
        is_path: bool,
    ) -> Option<Operand> {
        if is_path {
            return self.path(node, ctx, key).map(Operand::Path);
        }
        let (ok, expected) = match (operator.operand_kind(), &node.value) {
            (OperandKind::String | OperandKind::Timestamp, Value::String(s)) => {
                (Some(Operand::String(s.clone())), "")
            }
            (OperandKind::Number, value) => (
                super::number_or_placeholder(value).map(Operand::Number),
                "a number",
            ),
            (OperandKind::Bool, Value::Bool(b)) => (Some(Operand::Bool(*b)), ""),
            (OperandKind::String, _) => (None, "a string"),
            (OperandKind::Timestamp, _) => (None, "a timestamp string"),
            (OperandKind::Bool, _) => (None, "`true` or `false`"),
        };
        if ok.is_none() {
            let d = self.err(
                Rule::ChoiceOperandType,
                ctx.loc(),
                format!(
                    "`{key}` compares with {expected}, found {}",
                    node.type_name()
                ),
            );
            if let Value::String(s) = &node.value
                && s.starts_with('$')
                && operator.has_path_form()
            {
                d.help = Some(format!(
                    "to compare with a value from the input, use `{key}Path`"
                ));
            }
        }
        ok
    }
}
