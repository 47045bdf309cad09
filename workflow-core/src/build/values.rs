//! Paths, payload templates, JSONata strings, `Assign` and the fields that take a fixed value
//! or a `…Path` (`Seconds`/`SecondsPath`, `TimeoutSeconds`/`TimeoutSecondsPath`, …).

use super::*;

impl Builder {
    /// AWS trims whitespace around a context-object path (`"$$.Execution.Name "` deploys and
    /// reads `$$.Execution.Name`): when trimming is what makes `s` parse, the trimmed path, with
    /// the lint that says so.
    fn trimmed_context_path<T, E>(
        &mut self,
        s: &str,
        ctx: &Ctx,
        what: &str,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let trimmed = s.trim();
        if trimmed == s || !trimmed.starts_with("$$") {
            return None;
        }
        let parsed = parse(trimmed).ok()?;
        self.err(
            Rule::ContextPathWhitespace,
            ctx.loc(),
            format!("`{what}` has whitespace around the context path `{trimmed}`"),
        )
        .help = Some(format!("write \"{trimmed}\"; AWS trims the whitespace"));
        Some(parsed)
    }

    pub(super) fn path(&mut self, node: &Node, ctx: &Ctx, what: &str) -> Option<Path> {
        let s = self.string(node, ctx, what)?;
        match Path::parse(s) {
            Ok(p) => Some(p),
            Err(_) if let Some(p) = self.trimmed_context_path(s, ctx, what, Path::parse) => Some(p),
            Err(e) => {
                let help = if s.starts_with("States.") {
                    format!("`{what}` takes a path, not an intrinsic function")
                } else {
                    "a path starts with `$` (the input), `$$` (the context object) or `$name` (a variable)".into()
                };
                self.err(
                    Rule::InvalidPath,
                    ctx.loc(),
                    format!("`{what}` is not a valid path: {}", e.message),
                )
                .help = Some(help);
                None
            }
        }
    }

    pub(super) fn nullable_path(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        reference: bool,
    ) -> Option<NullablePath> {
        let (node, ctx) = obj.take(key)?;
        if node.value == Value::Null {
            return Some(NullablePath::Null);
        }
        if reference {
            let s = self.string(node, &ctx, key)?;
            return match Path::parse(s) {
                Ok(p) => Some(NullablePath::Path(p)),
                Err(e) => {
                    self.err(
                        Rule::InvalidReferencePath,
                        ctx.loc(),
                        format!("`{key}` is not a valid reference path: {}", e.message),
                    )
                    .help = Some(
                        "a reference path names one node, such as `$.result` or `$.items[0]`"
                            .into(),
                    );
                    None
                }
            };
        }
        self.path(node, &ctx, key).map(NullablePath::Path)
    }

    pub(super) fn jsonata_string(&mut self, s: &str, ctx: &Ctx, what: &str) -> Option<Jsonata> {
        match Jsonata::parse(s) {
            Ok(j) => Some(j),
            Err(e) => {
                self.err(
                    Rule::JsonataSyntax,
                    ctx.loc(),
                    format!("`{what}` is not a valid JSONata expression: {}", e.message),
                );
                None
            }
        }
    }

    /// A JSONPath-mode payload template (`Parameters`, `ResultSelector`, `Assign`, …).
    pub(super) fn template_path(&mut self, node: &Node, ctx: &Ctx) -> Template {
        match &node.value {
            Value::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for m in members {
                    let c = ctx.child(&m.key);
                    if let Some(name) = m.key.strip_suffix(".$") {
                        let Value::String(s) = &m.value.value else {
                            self.err(
                                Rule::InvalidDynamicValue,
                                c.loc(),
                                format!("`{}` must be a string holding a path or an intrinsic function, found {}", m.key, m.value.type_name()),
                            )
                            .help = Some(format!("remove `.$` from the key to pass the value as it is: `\"{name}\"`"));
                            continue;
                        };
                        match Dynamic::parse(s) {
                            Ok(d) => out.push((name.to_string(), Template::Dynamic(d))),
                            Err(_)
                                if let Some(d) =
                                    self.trimmed_context_path(s, &c, &m.key, Dynamic::parse) =>
                            {
                                out.push((name.to_string(), Template::Dynamic(d)))
                            }
                            Err(e) => {
                                self.err(
                                    Rule::InvalidDynamicValue,
                                    c.loc(),
                                    format!("the value of `{}` must be a valid path or intrinsic function call: {}", m.key, e.message),
                                )
                                .help = Some(format!(
                                    "a path starts with `$`; to pass the text as it is, name the field `{name}` without `.$`"
                                ));
                            }
                        }
                    } else {
                        out.push((m.key.clone(), self.template_path(&m.value, &c)));
                    }
                }
                Template::Object(out)
            }
            Value::Array(items) => Template::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.template_path(n, &ctx.child(&i.to_string())))
                    .collect(),
            ),
            Value::String(text) if crate::expr::jsonata::is_expression(text) => {
                self.err(
                    Rule::JsonataInJsonPath,
                    ctx.loc(),
                    format!("`{text}` is a JSONata expression in a JSONPath state, where it is passed as a literal string"),
                )
                .help = Some("set \"QueryLanguage\": \"JSONata\" on the state (and use Arguments or Output), or write a path in a field ending in `.$`".into());
                scalar_template(node)
            }
            _ => scalar_template(node),
        }
    }

    /// A JSONata-mode value (`Arguments`, `Output`, `Assign`, …): strings `{% … %}` are
    /// expressions.
    pub(super) fn template_jsonata(&mut self, node: &Node, ctx: &Ctx) -> Template {
        match &node.value {
            Value::String(s) => self.jsonata_value(s, ctx),
            Value::Object(members) => Template::Object(
                members
                    .iter()
                    .map(|m| {
                        (
                            m.key.clone(),
                            self.template_jsonata(&m.value, &ctx.child(&m.key)),
                        )
                    })
                    .collect(),
            ),
            Value::Array(items) => Template::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.template_jsonata(n, &ctx.child(&i.to_string())))
                    .collect(),
            ),
            _ => scalar_template(node),
        }
    }

    pub(super) fn jsonata_value(&mut self, s: &str, ctx: &Ctx) -> Template {
        if jsonata::is_expression(s) {
            let what = ctx
                .pointer
                .rsplit('/')
                .next()
                .unwrap_or("value")
                .to_string();
            match self.jsonata_string(s, ctx, &what) {
                Some(j) => Template::Expr(j),
                None => Template::String(s.to_string()),
            }
        } else {
            if jsonata::is_half_delimited(s) {
                self.err(
                    Rule::JsonataDelimiters,
                    ctx.loc(),
                    format!(
                        "\"{}\" opens or closes a JSONata expression but not both",
                        abbreviate(s)
                    ),
                )
                .help = Some("write the expression as `{% … %}`".into());
            }
            Template::String(s.to_string())
        }
    }

    pub(super) fn template(&mut self, node: &Node, ctx: &Ctx, ql: QueryLanguage) -> Template {
        match ql {
            QueryLanguage::JsonPath => self.template_path(node, ctx),
            QueryLanguage::Jsonata => self.template_jsonata(node, ctx),
        }
    }

    /// A template that must be an object (JSONPath) or an object or expression (JSONata).
    pub(super) fn take_object_template(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        ql: QueryLanguage,
    ) -> Option<Template> {
        let (node, ctx) = obj.take(key)?;
        match (&node.value, ql) {
            (Value::Object(_), _) => Some(self.template(node, &ctx, ql)),
            (Value::String(s), QueryLanguage::Jsonata) if jsonata::is_expression(s) => {
                Some(self.template(node, &ctx, ql))
            }
            _ => {
                let expected = if ql == QueryLanguage::Jsonata {
                    "an object or a JSONata expression"
                } else {
                    "an object"
                };
                self.wrong_type(node, &ctx, key, expected);
                None
            }
        }
    }

    pub(super) fn take_any_template(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        ql: QueryLanguage,
    ) -> Option<Template> {
        let (node, ctx) = obj.take(key)?;
        Some(self.template(node, &ctx, ql))
    }

    pub(super) fn assign(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Option<Assign> {
        let (node, ctx) = obj.take("Assign")?;
        match &node.value {
            Value::Object(_) => match self.template(node, &ctx, ql) {
                Template::Object(variables) => Some(Assign { variables }),
                _ => None,
            },
            _ => {
                self.wrong_type(node, &ctx, "Assign", "an object");
                None
            }
        }
    }

    /// A field with a static number form, a `…Path` form and a JSONata form.
    pub(super) fn dyn_number(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        path_key: &str,
        ql: QueryLanguage,
    ) -> Option<Dyn<Number>> {
        let value = obj
            .take(key)
            .and_then(|(node, ctx)| match (&node.value, ql) {
                (Value::String(s), QueryLanguage::Jsonata) if jsonata::is_expression(s) => {
                    self.jsonata_string(s, &ctx, key).map(Dyn::Expr)
                }
                _ => {
                    let expected = if ql == QueryLanguage::Jsonata {
                        "a number or a JSONata expression"
                    } else {
                        "a number"
                    };
                    match super::number_or_placeholder(&node.value) {
                        Some(n) => Some(Dyn::Value(n)),
                        None => {
                            self.wrong_type(node, &ctx, key, expected);
                            if let (Value::String(s), QueryLanguage::JsonPath) = (&node.value, ql)
                                && s.starts_with('$')
                            {
                                self.diags.last_mut().expect("just pushed").help = Some(format!(
                                    "to read the value from the input, use `{path_key}`"
                                ));
                            }
                            None
                        }
                    }
                }
            });
        let path = if ql == QueryLanguage::JsonPath {
            obj.take(path_key)
                .and_then(|(node, ctx)| self.path(node, &ctx, path_key))
                .map(|p| Dyn::Path(Dynamic::Path(p)))
        } else {
            None
        };
        self.exclusive(obj, key, path_key, value, path)
    }

    /// A field with a static string form, a `…Path` form taking a path or an intrinsic, and a
    /// JSONata form (Fail's Error and Cause).
    pub(super) fn dyn_string(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        path_key: &str,
        ql: QueryLanguage,
    ) -> Option<Dyn<String>> {
        let value = obj.take(key).and_then(|(node, ctx)| {
            let s = self.string(node, &ctx, key)?;
            if ql == QueryLanguage::Jsonata && jsonata::is_expression(s) {
                return self.jsonata_string(s, &ctx, key).map(Dyn::Expr);
            }
            if ql == QueryLanguage::Jsonata && jsonata::is_half_delimited(s) {
                self.jsonata_value(s, &ctx);
            }
            Some(Dyn::Value(s.to_string()))
        });
        let path = if ql == QueryLanguage::JsonPath {
            obj.take(path_key).and_then(|(node, ctx)| {
                let s = self.string(node, &ctx, path_key)?;
                match Dynamic::parse(s) {
                    Ok(Dynamic::Intrinsic(call))
                        if !STRING_INTRINSICS.contains(&call.name.as_str()) =>
                    {
                        self.err(
                            Rule::InvalidPath,
                            ctx.loc(),
                            format!(
                                "`{path_key}` needs a string, but `{}` does not return one",
                                call.name
                            ),
                        )
                        .help = Some(format!(
                            "use a path or one of {}",
                            STRING_INTRINSICS.join(", ")
                        ));
                        None
                    }
                    Ok(d) => Some(Dyn::Path(d)),
                    Err(e) => {
                        self.err(
                            Rule::InvalidPath,
                            ctx.loc(),
                            format!(
                                "`{path_key}` must be a valid path or intrinsic function: {}",
                                e.message
                            ),
                        );
                        None
                    }
                }
            })
        } else {
            None
        };
        self.exclusive(obj, key, path_key, value, path)
    }

    pub(super) fn exclusive<T>(
        &mut self,
        obj: &Obj<'_>,
        key: &str,
        path_key: &str,
        value: Option<T>,
        path: Option<T>,
    ) -> Option<T> {
        // In JSONata mode the `…Path` field is not taken and `finish` reports it as a JSONPath
        // field instead.
        if obj.has(key)
            && obj.has(path_key)
            && obj
                .used
                .iter()
                .zip(obj.members)
                .any(|(u, m)| *u && m.key == path_key)
        {
            self.err(
                Rule::ExclusiveFields,
                obj.ctx.child(path_key).key_loc(),
                format!("`{key}` and `{path_key}` cannot be used together"),
            )
            .help = Some(format!(
                "keep `{key}` for a fixed value or `{path_key}` to read it from the input"
            ));
        }
        value.or(path)
    }
}
