//! Values: payload templates, paths, JSONata, numbers, durations, and intrinsic function calls.

use super::*;

/// The DSL name of an intrinsic function: its ASL name (one of workflow-core's
/// [`intrinsic::NAMES`]) without `States.`, in snake case (`States.StringToJson` →
/// `string_to_json`, `States.Base64Encode` → `base64_encode`, `States.UUID` → `uuid`).
pub(super) fn intrinsic_dsl_name(asl_name: &str) -> String {
    let bare: Vec<char> = asl_name
        .strip_prefix("States.")
        .unwrap_or(asl_name)
        .chars()
        .collect();
    let mut out = String::new();
    for (i, c) in bare.iter().enumerate() {
        let after_word =
            i > 0 && (bare[i - 1].is_ascii_lowercase() || bare[i - 1].is_ascii_digit());
        if c.is_ascii_uppercase() && after_word {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

impl Lowerer {
    // ---- values ----

    /// The whole value of a field that takes a payload template.
    pub(super) fn top_template(
        &mut self,
        key: &Ident,
        value: &ast::Value,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<Template> {
        self.spans.insert_key(ptr, key);
        self.template(value, ptr, ql, Place::Top)
    }

    /// A value as a payload template (`Parameters`, `Arguments`, `Output`, …).
    pub(super) fn template(
        &mut self,
        v: &ast::Value,
        ptr: &str,
        ql: QueryLanguage,
        place: Place,
    ) -> Option<Template> {
        self.spans.insert(ptr, v.tokens());
        let jp = ql == QueryLanguage::JsonPath;
        match v {
            ast::Value::Path { text, tokens } => {
                if !jp {
                    self.rule_error(
                        tokens,
                        Rule::QueryLanguageMix,
                        &format!("`{text}` is a JSONPath path, but this state uses JSONata"),
                        Some("write a JSONata expression such as `\"{% $states.input.order %}\"`"),
                    );
                    return None;
                }
                if !self.dynamic_place(place, tokens, "a path") {
                    return None;
                }
                let p = self.path(text, tokens)?;
                Some(Template::Dynamic(Dynamic::Path(p)))
            }
            ast::Value::Call(call) => {
                if !jp {
                    self.rule_error(
                        &call.tokens,
                        Rule::QueryLanguageMix,
                        "intrinsic functions are JSONPath, but this state uses JSONata",
                        Some("use JSONata functions in a `\"{% … %}\"` expression"),
                    );
                    return None;
                }
                if !self.dynamic_place(place, &call.tokens, "an intrinsic function call") {
                    return None;
                }
                self.intrinsic(call)
                    .map(|i| Template::Dynamic(Dynamic::Intrinsic(i)))
            }
            ast::Value::Str(s) => {
                let text = s.value();
                if jp {
                    Some(Template::String(text))
                } else {
                    self.jsonata_string(&text, s)
                }
            }
            ast::Value::Number { text, tokens } => self.number(text, tokens).map(Template::Number),
            ast::Value::Duration { seconds, .. } => {
                Some(Template::Number(seconds_number(*seconds)))
            }
            ast::Value::Bool { value, .. } => Some(Template::Bool(*value)),
            ast::Value::Null(_) => Some(Template::Null),
            ast::Value::Array { items, .. } => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let p = pointer_push(ptr, &i.to_string());
                    if let Some(t) = self.template(item, &p, ql, Place::Item) {
                        out.push(t);
                    }
                }
                Some(Template::Array(out))
            }
            ast::Value::Object { members, .. } => {
                let mut out = Vec::with_capacity(members.len());
                for (key, key_tokens, value) in members {
                    // The JSON spelling `"Input.$": "$.x"` is accepted as well.
                    if jp
                        && let Some(name) = key.strip_suffix(".$")
                        && let ast::Value::Str(s) = value
                    {
                        let p = pointer_push(ptr, key);
                        self.spans.insert_key(p.clone(), key_tokens.clone());
                        self.spans.insert(p, s);
                        match Dynamic::parse(&s.value()) {
                            Ok(d) => out.push((name.to_string(), Template::Dynamic(d))),
                            Err(e) => self.rule_error(
                                s,
                                Rule::InvalidDynamicValue,
                                &format!("the value of `{key}` must be a valid path or intrinsic function call: {}", e.message),
                                Some(&format!("write the path itself: `\"{name}\": $.x`")),
                            ),
                        }
                        continue;
                    }
                    let dynamic =
                        jp && matches!(value, ast::Value::Path { .. } | ast::Value::Call(_));
                    // `"Input.$": $.x` means the same as `"Input": $.x`.
                    let name = match key.strip_suffix(".$") {
                        Some(name) if dynamic => name,
                        _ => key.as_str(),
                    };
                    let written = if dynamic {
                        format!("{name}.$")
                    } else {
                        key.clone()
                    };
                    let p = pointer_push(ptr, &written);
                    self.spans.insert_key(p.clone(), key_tokens.clone());
                    if let Some(t) = self.template(value, &p, ql, Place::Member) {
                        out.push((name.to_string(), t));
                    }
                }
                Some(Template::Object(out))
            }
            ast::Value::Word { tokens, .. } => {
                self.rule_error(
                    tokens,
                    Rule::WrongType,
                    &format!(
                        "expected a value (a string, number, boolean, null, object or array{}), found `{}`",
                        if jp { ", a path or an intrinsic call" } else { "" },
                        tokens
                    ),
                    None,
                );
                None
            }
        }
    }

    /// Paths and calls are evaluated only as member values.
    pub(super) fn dynamic_place(&mut self, place: Place, tokens: &TokenStream, what: &str) -> bool {
        match place {
            Place::Member => true,
            Place::Top => {
                self.error(
                    tokens,
                    format!("{what} can only be the value of an object member here, e.g. `{{ \"value\": $.x }}` [wrong-type]"),
                );
                false
            }
            Place::Item => {
                self.error(
                    tokens,
                    format!("{what} inside an array is not evaluated in JSONPath [invalid-dynamic-value]\n  = help: build the array with `array(…)`, e.g. `\"items\": array($.a, $.b)`"),
                );
                false
            }
        }
    }

    /// A string of a JSONata state: an expression `{% … %}` or plain text.
    pub(super) fn jsonata_string(&mut self, text: &str, lit: &LitStr) -> Option<Template> {
        if jsonata::is_expression(text) {
            self.jsonata(text, lit).map(Template::Expr)
        } else {
            if jsonata::is_half_delimited(text) {
                self.rule_error(
                    lit,
                    Rule::JsonataDelimiters,
                    "this string opens or closes a JSONata expression but not both",
                    Some("write the expression as `\"{% … %}\"`"),
                );
            }
            Some(Template::String(text.to_string()))
        }
    }

    pub(super) fn jsonata(&mut self, text: &str, lit: &LitStr) -> Option<Jsonata> {
        match Jsonata::parse(text) {
            Ok(j) => Some(j),
            Err(e) => {
                self.rule_error(lit, Rule::JsonataSyntax, &e.message, None);
                None
            }
        }
    }

    pub(super) fn path(&mut self, text: &str, tokens: &TokenStream) -> Option<Path> {
        match Path::parse(text) {
            Ok(p) => Some(p),
            Err(e) => {
                self.rule_error(
                    tokens,
                    Rule::InvalidPath,
                    &format!("`{text}` is not a valid path: {}", e.message),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn number(&mut self, text: &str, tokens: &TokenStream) -> Option<Number> {
        let clean: String = text.chars().filter(|c| *c != '_').collect();
        if workflow_core::model::Number::is_lexical(&clean) {
            Some(Number::from_lexical(clean))
        } else {
            self.rule_error(
                tokens,
                Rule::WrongType,
                &format!("`{text}` is not a JSON number"),
                Some("write a decimal number such as `3`, `2.5` or `1e3`, without a type suffix"),
            );
            None
        }
    }

    /// A number of seconds: a duration (`30s`, `1h`) or a plain number.
    pub(super) fn seconds(&mut self, v: &ast::Value, what: &str) -> Option<Number> {
        match v {
            ast::Value::Duration { seconds, .. } => Some(seconds_number(*seconds)),
            ast::Value::Number { text, tokens } => self.number(text, tokens),
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!("{what} takes a duration such as `30s`, `5m`, `1h` or `2d`"),
                    None,
                );
                None
            }
        }
    }

    /// Static JSON (`result`, CSV headers).
    pub(super) fn json(&mut self, v: &ast::Value, ptr: &str, what: &str) -> Option<Json> {
        self.spans.insert(ptr, v.tokens());
        match v {
            ast::Value::Str(s) => Some(Json::String(s.value())),
            ast::Value::Number { text, tokens } => self.number(text, tokens).map(Json::Number),
            ast::Value::Duration { seconds, .. } => Some(Json::Number(seconds_number(*seconds))),
            ast::Value::Bool { value, .. } => Some(Json::Bool(*value)),
            ast::Value::Null(_) => Some(Json::Null),
            ast::Value::Array { items, .. } => Some(Json::Array(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| {
                        self.json(item, &pointer_push(ptr, &i.to_string()), what)
                    })
                    .collect(),
            )),
            ast::Value::Object { members, .. } => Some(Json::Object(
                members
                    .iter()
                    .filter_map(|(k, kt, value)| {
                        let p = pointer_push(ptr, k);
                        self.spans.insert_key(p.clone(), kt.clone());
                        self.json(value, &p, what).map(|j| (k.clone(), j))
                    })
                    .collect(),
            )),
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!("{what} is static data: paths and calls are not evaluated there"),
                    Some("use `parameters` to build a value from the input"),
                );
                None
            }
        }
    }

    /// A field with a number form, a `…Path` form and a JSONata form (`TimeoutSeconds`, …).
    pub(super) fn dyn_number(
        &mut self,
        key: Option<&Ident>,
        v: &ast::Value,
        base: &str,
        field: &str,
        ql: QueryLanguage,
    ) -> Option<Dyn<Number>> {
        let plain = pointer_push(base, field);
        let (ptr, result) = match v {
            ast::Value::Duration { seconds, .. } => {
                (plain, Some(Dyn::Value(seconds_number(*seconds))))
            }
            ast::Value::Number { text, tokens } => {
                (plain, self.number(text, tokens).map(Dyn::Value))
            }
            ast::Value::Path { text, tokens } if ql == QueryLanguage::JsonPath => {
                let p = self.path(text, tokens);
                (
                    pointer_push(base, &format!("{field}Path")),
                    p.map(|p| Dyn::Path(Dynamic::Path(p))),
                )
            }
            ast::Value::Str(s)
                if ql == QueryLanguage::Jsonata && jsonata::is_expression(&s.value()) =>
            {
                (plain, self.jsonata(&s.value(), s).map(Dyn::Expr))
            }
            other => {
                let expected = if ql == QueryLanguage::JsonPath {
                    "a number, a duration such as `30s`, or a path"
                } else {
                    "a number, a duration such as `30s`, or a `\"{% … %}\"` expression"
                };
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!("expected {expected}"),
                    None,
                );
                return None;
            }
        };
        if let Some(key) = key {
            self.spans.insert_key(ptr.clone(), key);
        }
        self.spans.insert(ptr, v.tokens());
        result
    }

    /// Fail's `error` and `cause`: text, a path or intrinsic (`…Path`), or JSONata.
    pub(super) fn dyn_string(
        &mut self,
        v: &ast::Value,
        cx: &Cx,
        field: &str,
    ) -> Option<Dyn<String>> {
        let path_ptr = cx.at(&format!("{field}Path"));
        match v {
            ast::Value::Str(s) => {
                self.spans.insert(cx.at(field), s);
                let text = s.value();
                if !cx.jsonpath() && jsonata::is_expression(&text) {
                    self.jsonata(&text, s).map(Dyn::Expr)
                } else {
                    Some(Dyn::Value(text))
                }
            }
            ast::Value::Path { text, tokens } if cx.jsonpath() => {
                self.spans.insert(path_ptr, tokens.clone());
                let p = self.path(text, tokens)?;
                Some(Dyn::Path(Dynamic::Path(p)))
            }
            ast::Value::Call(call) if cx.jsonpath() => {
                self.spans.insert(path_ptr, call.tokens.clone());
                let i = self.intrinsic(call)?;
                if let Some(sig) = intrinsic::signature(&i.name)
                    && sig.returns != ValueKind::String
                {
                    self.rule_error(
                        &call.tokens,
                        Rule::InvalidPath,
                        &format!("`{}` needs a string, but `{}` does not return one", field.to_ascii_lowercase(), i.name),
                        Some("use a path, or `format(…)`, `json_to_string(…)`, `base64_encode(…)`, `base64_decode(…)`, `hash(…)` or `uuid()`"),
                    );
                    return None;
                }
                Some(Dyn::Path(Dynamic::Intrinsic(i)))
            }
            other => {
                let expected = if cx.jsonpath() {
                    "a string, a path or an intrinsic call such as `format(…)`"
                } else {
                    "a string or a `\"{% … %}\"` expression"
                };
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!("`{}` takes {expected}", field.to_ascii_lowercase()),
                    None,
                );
                None
            }
        }
    }

    /// An intrinsic function call: the DSL call written as AWS text, then parsed.
    pub(super) fn intrinsic(&mut self, call: &ast::Call) -> Option<Intrinsic> {
        let mut text = String::new();
        if !self.intrinsic_text(call, &mut text) {
            return None;
        }
        match Intrinsic::parse(&text) {
            Ok(i) => Some(i),
            Err(e) => {
                self.rule_error(
                    &call.tokens,
                    Rule::InvalidDynamicValue,
                    &format!(
                        "`{text}` is not a valid intrinsic function call: {}",
                        e.message
                    ),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn intrinsic_text(&mut self, call: &ast::Call, out: &mut String) -> bool {
        let name = if call.name.starts_with("States.") {
            call.name.clone()
        } else if let Some(aws) = intrinsic::NAMES
            .iter()
            .find(|n| intrinsic_dsl_name(n) == call.name)
        {
            aws.to_string()
        } else {
            let names: Vec<String> = intrinsic::NAMES
                .iter()
                .map(|n| intrinsic_dsl_name(n))
                .collect();
            let help = match closest(&call.name, names.iter().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("the intrinsic functions are {}", names.join(", ")),
            };
            self.rule_error(
                &call.name_tokens,
                Rule::UnknownIntrinsic,
                &format!("unknown intrinsic function `{}`", call.name),
                Some(&help),
            );
            return false;
        };
        out.push_str(&name);
        out.push('(');
        let mut ok = true;
        for (i, arg) in call.args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match arg {
                ast::Value::Str(s) => {
                    let template = i == 0 && name == "States.Format";
                    out.push('\'');
                    out.push_str(&escape_intrinsic_string(&s.value(), template));
                    out.push('\'');
                }
                ast::Value::Number { text, tokens } => match self.number(text, tokens) {
                    Some(n) => out.push_str(n.as_str()),
                    None => ok = false,
                },
                ast::Value::Duration { seconds, .. } => out.push_str(&seconds.to_string()),
                ast::Value::Bool { value, .. } => {
                    out.push_str(if *value { "true" } else { "false" })
                }
                ast::Value::Null(_) => out.push_str("null"),
                ast::Value::Path { text, tokens } => match self.path(text, tokens) {
                    Some(_) => out.push_str(text),
                    None => ok = false,
                },
                ast::Value::Call(inner) => ok &= self.intrinsic_text(inner, out),
                other => {
                    self.rule_error(
                        other.tokens(),
                        Rule::IntrinsicArgument,
                        "an intrinsic function argument is a string, a number, a boolean, null, a path or another call",
                        Some("build objects and arrays with `json_merge(…)`, `string_to_json(…)` or `array(…)`"),
                    );
                    ok = false;
                }
            }
        }
        out.push(')');
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::lower::tests::*;

    #[test]
    fn jsonata_states() {
        assert_asl(
            r#"
            #[jsonata]
            #[express]
            Pricing {
                Call: task lambda::invoke("${Price}") {
                    payload: { "order": "{% $states.input.order %}", "fixed": 1 },
                    output: "{% $states.result.Payload %}",
                    assign: { total: "{% $states.result.Payload.total %}" },
                    timeout: "{% 30 %}",
                    catch: [States.ALL] output "{% $states.errorOutput %}" => Failed,
                },
                Decide: choice {
                    "{% $total > 100 %}" assign { big: true } => Big,
                    _ output { "size": "small" } => Small,
                },
                Big: pass { output: { "size": "big", "total": "{% $total %}" }, end },
                Small: wait "{% 5 %}" { end },
                Failed: fail { error: "Failed", cause: "{% $string($states.input) %}" },
            }
            "#,
            r#"{
              "QueryLanguage": "JSONata",
              "StartAt": "Call",
              "States": {
                "Call": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": { "FunctionName": "${Price}", "Payload": { "order": "{% $states.input.order %}", "fixed": 1 } },
                  "Output": "{% $states.result.Payload %}",
                  "TimeoutSeconds": "{% 30 %}",
                  "Assign": { "total": "{% $states.result.Payload.total %}" },
                  "Catch": [{ "ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "Failed" }],
                  "Next": "Decide"
                },
                "Decide": {
                  "Type": "Choice",
                  "Choices": [{ "Condition": "{% $total > 100 %}", "Assign": { "big": true }, "Next": "Big" }],
                  "Default": "Small",
                  "Output": { "size": "small" }
                },
                "Big": { "Type": "Pass", "Output": { "size": "big", "total": "{% $total %}" }, "End": true },
                "Small": { "Type": "Wait", "Seconds": "{% 5 %}", "End": true },
                "Failed": { "Type": "Fail", "Error": "Failed", "Cause": "{% $string($states.input) %}" }
              }
            }"#,
        );
        assert_eq!(
            lowered("#[express] M { A: succeed }").machine.machine_type,
            Some(MachineType::Express)
        );
    }

    #[test]
    fn value_errors() {
        let errors = error_messages(
            r#"
            M {
                A: pass { parameters: $.x, next: B },
                B: pass { parameters: { "list": [$.a] }, next: C },
                C: pass { parameters: { "f": frobnicate($.a) }, next: D },
                #[jsonata]
                D: pass { output: { "x": $.a } },
            }
            "#,
        );
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("a path can only be the value of an object member"));
        assert!(errors[1].starts_with("a path inside an array is not evaluated"));
        assert!(errors[2].starts_with("unknown intrinsic function `frobnicate`"));
        assert!(errors[3].contains("is a JSONPath path, but this state uses JSONata"));
    }
}
