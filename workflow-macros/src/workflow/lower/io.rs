//! Transitions, input and output processing: `next`/`end`, the `…_path` fields, parameters,
//! and `assign`.

use super::*;

impl Lowerer {
    // ---- transitions, input and output ----

    pub(super) fn transition(
        &mut self,
        f: &mut Fields<'_>,
        cx: &Cx,
        fallthrough: Option<String>,
    ) -> Transition {
        let next = f.take("next");
        let end = f.ends.first().copied();
        f.ends.clear();
        if let (Some(_), Some(end)) = (next, end) {
            self.rule_error(
                end,
                Rule::NextAndEnd,
                "a state cannot have both `next` and `end`",
                Some("keep `next` to continue, or `end` to finish here"),
            );
        }
        if let Some((key, value)) = next {
            let ptr = cx.at("Next");
            self.spans.insert_key(ptr.clone(), key);
            match value {
                ast::Value::Word { words, tokens } if words.len() == 1 => {
                    self.spans.insert(ptr, tokens);
                    return Transition::Next(ident_text(&words[0]));
                }
                ast::Value::Str(s) => {
                    self.spans.insert(ptr, s);
                    return Transition::Next(s.value());
                }
                other => self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "`next` names a state of the same scope, e.g. `next: Charge`",
                    None,
                ),
            }
        }
        if let Some(end) = end {
            self.spans.insert(cx.at("End"), end);
            return Transition::End;
        }
        match fallthrough {
            Some(name) => Transition::Next(name),
            None => Transition::End,
        }
    }

    /// `input_path`.
    pub(super) fn input_path(&mut self, f: &mut Fields<'_>, cx: &Cx) -> Option<NullablePath> {
        let (key, value) = f.take("input_path")?;
        let p = self.nullable_path(key, value, &cx.at("InputPath"), false)?;
        Some(p)
    }

    /// A path field that may be `null`.
    pub(super) fn nullable_path(
        &mut self,
        key: &Ident,
        value: &ast::Value,
        ptr: &str,
        _reference: bool,
    ) -> Option<NullablePath> {
        self.spans.insert_key(ptr, key);
        self.spans.insert(ptr, value.tokens());
        match value {
            ast::Value::Null(_) => Some(NullablePath::Null),
            ast::Value::Path { text, tokens } => self.path(text, tokens).map(NullablePath::Path),
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!(
                        "`{}` takes a path such as `$.order` or `null`",
                        ident_text(key)
                    ),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn io(
        &mut self,
        f: &mut Fields<'_>,
        cx: &Cx,
        ty: Ty,
        input_path: Option<NullablePath>,
        derived: Vec<(String, Template)>,
        integration: Option<&TokenStream>,
    ) -> Io {
        let has_parameters = matches!(ty, Ty::Task | Ty::Pass | Ty::Parallel);
        let has_result = matches!(ty, Ty::Task | Ty::Parallel | Ty::Map);
        match cx.ql {
            QueryLanguage::JsonPath => {
                let parameters = if has_parameters {
                    self.parameters(f, cx, "parameters", "Parameters", derived, integration)
                } else {
                    None
                };
                let result_selector = if has_result {
                    f.take("result_selector").and_then(|(k, v)| {
                        // The selector reads the task's result, not the typed input.
                        self.top_template(k, v, &cx.at("ResultSelector"), cx.ql)
                    })
                } else {
                    None
                };
                let result_path = if has_result || ty == Ty::Pass {
                    f.take("result_path")
                        .and_then(|(k, v)| self.nullable_path(k, v, &cx.at("ResultPath"), true))
                } else {
                    None
                };
                let output_path = f
                    .take("output_path")
                    .and_then(|(k, v)| self.nullable_path(k, v, &cx.at("OutputPath"), false));
                let mut io = PathIo::default();
                io.input_path = input_path;
                io.parameters = parameters;
                io.result_selector = result_selector;
                io.result_path = result_path;
                io.output_path = output_path;
                Io::JsonPath(io)
            }
            QueryLanguage::Jsonata => {
                let arguments = if has_parameters {
                    self.parameters(f, cx, "arguments", "Arguments", derived, integration)
                } else {
                    None
                };
                let output = f
                    .take("output")
                    .and_then(|(k, v)| self.top_template(k, v, &cx.at("Output"), cx.ql));
                Io::Jsonata(JsonataIo::new(arguments, output))
            }
        }
    }

    /// `parameters` (or `arguments`), after the members an integration sets itself.
    pub(super) fn parameters(
        &mut self,
        f: &mut Fields<'_>,
        cx: &Cx,
        key: &str,
        field: &str,
        mut derived: Vec<(String, Template)>,
        integration: Option<&TokenStream>,
    ) -> Option<Template> {
        let ptr = cx.at(field);
        let written = f
            .take(key)
            .and_then(|(k, v)| self.top_template(k, v, &ptr, cx.ql).map(|t| (v, t)));
        match written {
            None if derived.is_empty() => None,
            None => {
                if let Some(tokens) = integration {
                    self.spans.insert(ptr, tokens.clone());
                }
                Some(Template::Object(derived))
            }
            Some((_, t)) if derived.is_empty() => Some(t),
            Some((_, Template::Object(members))) => {
                derived.extend(members);
                Some(Template::Object(derived))
            }
            Some((v, _)) => {
                self.rule_error(
                    v.tokens(),
                    Rule::WrongType,
                    &format!(
                        "`{key}` must be an object here: the integration already sets fields of it"
                    ),
                    None,
                );
                Some(Template::Object(derived))
            }
        }
    }

    pub(super) fn take_assign(&mut self, f: &mut Fields<'_>, cx: &Cx) -> Option<Assign> {
        let (key, value) = f.take("assign")?;
        self.assign(Some(key), value, &cx.at("Assign"), cx.ql)
    }

    /// An `Assign` block: an object of variables.
    pub(super) fn assign(
        &mut self,
        key: Option<&Ident>,
        value: &ast::Value,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<Assign> {
        if let Some(key) = key {
            self.spans.insert_key(ptr, key);
        }
        if !matches!(value, ast::Value::Object { .. }) {
            self.rule_error(
                value.tokens(),
                Rule::WrongType,
                "`assign` takes an object of variables, e.g. `assign: { total: $.sum }`",
                None,
            );
            return None;
        }
        // Assign reads the state's result as well as its input: no type checks.
        match self.template(value, ptr, ql, Place::Top)? {
            Template::Object(variables) => Some(Assign::new(variables)),
            _ => None,
        }
    }
}
