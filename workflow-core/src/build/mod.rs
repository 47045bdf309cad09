//! Builds the typed model from a positioned JSON tree (the text front end).
//!
//! This stage reports what the model cannot represent: unknown fields, fields a state type or
//! query language does not have, wrong JSON types, missing required fields, exclusive fields
//! used together, malformed paths, intrinsic functions and JSONata expressions. It keeps going
//! after each problem (the field in error is left out) so one run reports everything; the
//! validator then checks the model it could build.

pub mod fields;

use crate::diagnostic::{Diagnostic, Location, pointer_push};
use crate::did_you_mean::closest;
use crate::expr::{Dynamic, Jsonata, Path, jsonata};
use crate::model::*;
use crate::read::{Document, Member, Node, Value};
use crate::rules::Rule;
use fields::*;

/// The result of [`build`].
#[derive(Debug, Clone)]
pub struct Built {
    /// `None` only when the document is not an object at all.
    pub machine: Option<StateMachine>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the model of a state machine from a parsed document.
pub fn build(doc: &Document) -> Built {
    let mut b = Builder {
        diags: Vec::new(),
        top_ql: QueryLanguage::JsonPath,
    };
    for dup in &doc.duplicate_keys {
        b.diags.push(
            Diagnostic::new(
                Rule::DuplicateKey,
                Location {
                    pointer: dup.pointer.clone(),
                    state_path: String::new(),
                    at_key: true,
                },
                format!(
                    "duplicate key `{}` (first defined at line {}, column {})",
                    dup.key, dup.first.line, dup.first.column
                ),
            )
            .with_help("remove one of the two; JSON readers disagree on which one wins"),
        );
        // The pointer names the first member (the one the model keeps); show the repeat.
        b.diags.last_mut().expect("just pushed").pos = Some(dup.second);
    }
    let machine = b.machine(&doc.root);
    Built {
        machine,
        diagnostics: b.diags,
    }
}

/// Builds a single state, as the TestState API takes it (`kind: asl-state` in the corpus).
pub fn build_state(doc: &Document) -> (Option<State>, Vec<Diagnostic>) {
    let mut b = Builder {
        diags: Vec::new(),
        top_ql: QueryLanguage::JsonPath,
    };
    let ctx = Ctx {
        pointer: String::new(),
        state_path: String::new(),
    };
    let state = b.state(&doc.root, &ctx, "");
    (state, b.diags)
}

/// Where in the document the builder is.
#[derive(Clone)]
struct Ctx {
    pointer: String,
    state_path: String,
}

impl Ctx {
    fn child(&self, token: &str) -> Ctx {
        Ctx {
            pointer: pointer_push(&self.pointer, token),
            state_path: self.state_path.clone(),
        }
    }

    fn loc(&self) -> Location {
        Location {
            pointer: self.pointer.clone(),
            state_path: self.state_path.clone(),
            at_key: false,
        }
    }

    fn key_loc(&self) -> Location {
        Location {
            at_key: true,
            ..self.loc()
        }
    }
}

struct Builder {
    diags: Vec<Diagnostic>,
    top_ql: QueryLanguage,
}

/// An object being read: remembers which members were taken, so the rest can be reported.
struct Obj<'a> {
    members: &'a [Member],
    used: Vec<bool>,
    ctx: Ctx,
}

impl<'a> Obj<'a> {
    fn has(&self, key: &str) -> bool {
        self.members.iter().any(|m| m.key == key)
    }

    /// Takes the member `key` (the first one, if duplicated) and its context.
    fn take(&mut self, key: &str) -> Option<(&'a Node, Ctx)> {
        let i = self.members.iter().position(|m| m.key == key)?;
        self.used[i] = true;
        Some((&self.members[i].value, self.ctx.child(key)))
    }

    /// The members no one took, except repeats of a key (already reported as duplicate keys).
    fn rest(&self) -> impl Iterator<Item = &'a Member> + '_ {
        self.members
            .iter()
            .enumerate()
            .zip(&self.used)
            .filter(|((i, m), u)| !**u && !self.members[..*i].iter().any(|p| p.key == m.key))
            .map(|((_, m), _)| m)
    }
}

impl Builder {
    fn err(&mut self, rule: Rule, loc: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(rule, loc, message));
        self.diags.last_mut().expect("just pushed")
    }

    fn wrong_type(&mut self, node: &Node, ctx: &Ctx, what: &str, expected: &str) {
        self.err(
            Rule::WrongType,
            ctx.loc(),
            format!("`{what}` must be {expected}, found {}", node.type_name()),
        );
    }

    fn object<'a>(&mut self, node: &'a Node, ctx: &Ctx, what: &str) -> Option<Obj<'a>> {
        match &node.value {
            Value::Object(members) => Some(Obj {
                members,
                used: vec![false; members.len()],
                ctx: ctx.clone(),
            }),
            _ => {
                self.wrong_type(node, ctx, what, "an object");
                None
            }
        }
    }

    /// Reports every member of `obj` that was not taken: a field of the other query language,
    /// a known field this object does not have, or an unknown field (with "did you mean").
    fn finish(&mut self, obj: Obj<'_>, owner: &str, allowed: &[&str], ql: Option<QueryLanguage>) {
        let rest: Vec<&Member> = obj.rest().collect();
        for m in rest {
            let ctx = obj.ctx.child(&m.key);
            let other = match ql {
                Some(QueryLanguage::Jsonata)
                    if JSONPATH_ONLY.contains(&m.key.as_str())
                        || Operator::parse_field(&m.key).is_some() =>
                {
                    Some(QueryLanguage::JsonPath)
                }
                Some(QueryLanguage::JsonPath) if JSONATA_ONLY.contains(&m.key.as_str()) => {
                    Some(QueryLanguage::Jsonata)
                }
                _ => None,
            };
            if let Some(other) = other {
                let help = ql_replacement(&m.key)
                    .map(|r| format!("use `{r}` instead"))
                    .unwrap_or_else(|| {
                        format!(
                            "set `\"QueryLanguage\": \"{other}\"` on the state, or remove the field"
                        )
                    });
                self.err(
                    Rule::QueryLanguageMix,
                    ctx.key_loc(),
                    format!(
                        "`{}` is a {other} field, but {owner} uses {}",
                        m.key,
                        ql.map_or("", |q| q.as_str())
                    ),
                )
                .help = Some(help);
            } else if KNOWN_FIELDS.contains(&m.key.as_str()) {
                self.err(
                    Rule::FieldNotAllowed,
                    ctx.key_loc(),
                    format!("`{}` is not allowed in {owner}", m.key),
                )
                .help = Some(format!("{owner} can have: {}", allowed.join(", ")));
            } else {
                let d = self.err(
                    Rule::UnknownField,
                    ctx.key_loc(),
                    format!("unknown field `{}` in {owner}", m.key),
                );
                d.help = Some(match closest(&m.key, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("{owner} can have: {}", allowed.join(", ")),
                });
            }
        }
    }

    fn string<'a>(&mut self, node: &'a Node, ctx: &Ctx, what: &str) -> Option<&'a str> {
        match &node.value {
            Value::String(s) => Some(s),
            _ => {
                self.wrong_type(node, ctx, what, "a string");
                None
            }
        }
    }

    fn take_string(&mut self, obj: &mut Obj<'_>, key: &str) -> Option<String> {
        let (node, ctx) = obj.take(key)?;
        self.string(node, &ctx, key).map(str::to_string)
    }

    fn non_empty_string(&mut self, obj: &mut Obj<'_>, key: &str) -> Option<String> {
        let (node, ctx) = obj.take(key)?;
        let s = self.string(node, &ctx, key)?;
        if s.is_empty() {
            self.err(
                Rule::EmptyValue,
                ctx.loc(),
                format!("`{key}` must not be empty"),
            );
        }
        Some(s.to_string())
    }

    fn number(&mut self, node: &Node, ctx: &Ctx, what: &str) -> Option<Number> {
        match &node.value {
            Value::Number(n) => Some(Number::from_lexical(n.clone())),
            _ => {
                self.wrong_type(node, ctx, what, "a number");
                None
            }
        }
    }

    fn take_number(&mut self, obj: &mut Obj<'_>, key: &str) -> Option<Number> {
        let (node, ctx) = obj.take(key)?;
        self.number(node, &ctx, key)
    }

    fn take_enum<T: Copy>(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<T> {
        let (node, ctx) = obj.take(key)?;
        let s = self.string(node, &ctx, key)?;
        let parsed = parse(s);
        if parsed.is_none() {
            let d = self.err(
                Rule::InvalidValue,
                ctx.loc(),
                format!("`{key}` must be one of {}, found \"{s}\"", quoted_list(all)),
            );
            if let Some(m) = closest(s, all.iter().copied()) {
                d.help = Some(format!("did you mean \"{m}\"?"));
            }
        }
        parsed
    }

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

    fn path(&mut self, node: &Node, ctx: &Ctx, what: &str) -> Option<Path> {
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

    fn nullable_path(
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

    fn jsonata_string(&mut self, s: &str, ctx: &Ctx, what: &str) -> Option<Jsonata> {
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
    fn template_path(&mut self, node: &Node, ctx: &Ctx) -> Template {
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
    fn template_jsonata(&mut self, node: &Node, ctx: &Ctx) -> Template {
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

    fn jsonata_value(&mut self, s: &str, ctx: &Ctx) -> Template {
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

    fn template(&mut self, node: &Node, ctx: &Ctx, ql: QueryLanguage) -> Template {
        match ql {
            QueryLanguage::JsonPath => self.template_path(node, ctx),
            QueryLanguage::Jsonata => self.template_jsonata(node, ctx),
        }
    }

    /// A template that must be an object (JSONPath) or an object or expression (JSONata).
    fn take_object_template(
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

    fn take_any_template(
        &mut self,
        obj: &mut Obj<'_>,
        key: &str,
        ql: QueryLanguage,
    ) -> Option<Template> {
        let (node, ctx) = obj.take(key)?;
        Some(self.template(node, &ctx, ql))
    }

    fn assign(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Option<Assign> {
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
    fn dyn_number(
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
                    match &node.value {
                        Value::Number(n) => Some(Dyn::Value(Number::from_lexical(n.clone()))),
                        _ => {
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
    fn dyn_string(
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

    fn exclusive<T>(
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

    fn error_equals(&mut self, obj: &mut Obj<'_>, owner: &str) -> Vec<String> {
        let Some((node, ctx)) = obj.take("ErrorEquals") else {
            self.err(
                Rule::MissingField,
                obj.ctx.loc(),
                format!("{owner} has no `ErrorEquals`"),
            )
            .help =
                Some("add `\"ErrorEquals\": [\"States.ALL\"]` or the error names to match".into());
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "ErrorEquals", "an array of error names");
            return Vec::new();
        };
        if items.is_empty() {
            self.err(
                Rule::EmptyValue,
                ctx.loc(),
                "`ErrorEquals` must not be empty",
            )
            .help = Some("list at least one error name, e.g. `States.ALL`".into());
        }
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                self.string(n, &ctx.child(&i.to_string()), "ErrorEquals item")
                    .map(str::to_string)
            })
            .collect()
    }

    fn retriers(&mut self, obj: &mut Obj<'_>) -> Vec<Retrier> {
        let Some((node, ctx)) = obj.take("Retry") else {
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "Retry", "an array of retriers");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let c = ctx.child(&i.to_string());
            let Some(mut o) = self.object(item, &c, "Retry item") else {
                continue;
            };
            let r = Retrier {
                comment: self.take_string(&mut o, "Comment"),
                error_equals: self.error_equals(&mut o, "a retrier"),
                interval_seconds: self.take_number(&mut o, "IntervalSeconds"),
                max_attempts: self.take_number(&mut o, "MaxAttempts"),
                backoff_rate: self.take_number(&mut o, "BackoffRate"),
                max_delay_seconds: self.take_number(&mut o, "MaxDelaySeconds"),
                jitter_strategy: self.take_enum(
                    &mut o,
                    "JitterStrategy",
                    JitterStrategy::parse,
                    &["FULL", "NONE"],
                ),
            };
            self.finish(o, "a retrier", RETRIER_FIELDS, None);
            out.push(r);
        }
        out
    }

    fn catchers(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Vec<Catcher> {
        let Some((node, ctx)) = obj.take("Catch") else {
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "Catch", "an array of catchers");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let c = ctx.child(&i.to_string());
            let Some(mut o) = self.object(item, &c, "Catch item") else {
                continue;
            };
            let comment = self.take_string(&mut o, "Comment");
            let error_equals = self.error_equals(&mut o, "a catcher");
            let next = self.non_empty_string(&mut o, "Next");
            let (result_path, output) = match ql {
                QueryLanguage::JsonPath => (self.nullable_path(&mut o, "ResultPath", true), None),
                QueryLanguage::Jsonata => (None, self.take_any_template(&mut o, "Output", ql)),
            };
            let assign = self.assign(&mut o, ql);
            let allowed = if ql == QueryLanguage::Jsonata {
                CATCHER_FIELDS_JSONATA
            } else {
                CATCHER_FIELDS_JSONPATH
            };
            let missing_next = next.is_none() && !o.has("Next");
            self.finish(o, "a catcher", allowed, Some(ql));
            if missing_next {
                self.err(Rule::MissingField, c.loc(), "a catcher has no `Next`")
                    .help = Some("name the state to go to when the error is caught".into());
            }
            out.push(Catcher {
                comment,
                error_equals,
                next: next.unwrap_or_default(),
                result_path,
                output,
                assign,
            });
        }
        out
    }

    fn transition(&mut self, obj: &mut Obj<'_>, type_name: &str) -> Transition {
        let next = self.non_empty_string(obj, "Next");
        let end = obj.take("End").and_then(|(node, ctx)| match node.value {
            Value::Bool(true) => Some(true),
            Value::Bool(false) => {
                self.err(
                    Rule::EndFalse,
                    ctx.loc(),
                    "`End` must be `true` when present",
                )
                .help = Some("remove `\"End\": false`; a state without `End` needs `Next`".into());
                Some(false)
            }
            _ => {
                self.wrong_type(node, &ctx, "End", "`true`");
                None
            }
        });
        match (next, end) {
            (Some(n), Some(true)) => {
                self.err(
                    Rule::NextAndEnd,
                    obj.ctx.child("End").key_loc(),
                    format!("a {type_name} state cannot have both `Next` and `End`"),
                )
                .help = Some("keep `Next` to continue, or `\"End\": true` to finish here".into());
                Transition::Next(n)
            }
            (Some(n), _) => Transition::Next(n),
            (None, Some(true)) => Transition::End,
            (None, _) => {
                if !obj.has("Next") && !obj.has("End") {
                    self.err(
                        Rule::MissingTransition,
                        obj.ctx.loc(),
                        format!("this {type_name} state has neither `Next` nor `End`"),
                    )
                    .help = Some("add `\"Next\": \"<state>\"` or `\"End\": true`".into());
                }
                Transition::End
            }
        }
    }

    fn io(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage, fields: IoFields) -> Io {
        match ql {
            QueryLanguage::JsonPath => Io::JsonPath(PathIo {
                input_path: fields
                    .paths
                    .then(|| self.nullable_path(obj, "InputPath", false))
                    .flatten(),
                // AWS accepts any JSON value as Parameters, not only an object.
                parameters: fields
                    .parameters
                    .then(|| self.take_any_template(obj, "Parameters", ql))
                    .flatten(),
                result_selector: fields
                    .result_selector
                    .then(|| self.take_object_template(obj, "ResultSelector", ql))
                    .flatten(),
                result_path: fields
                    .result_path
                    .then(|| self.nullable_path(obj, "ResultPath", true))
                    .flatten(),
                output_path: fields
                    .paths
                    .then(|| self.nullable_path(obj, "OutputPath", false))
                    .flatten(),
            }),
            QueryLanguage::Jsonata => Io::Jsonata(JsonataIo {
                arguments: fields
                    .parameters
                    .then(|| self.take_object_template(obj, "Arguments", ql))
                    .flatten(),
                output: fields
                    .output
                    .then(|| self.take_any_template(obj, "Output", ql))
                    .flatten(),
            }),
        }
    }

    fn resource(&mut self, obj: &mut Obj<'_>, required_in: Option<&str>) -> Option<Resource> {
        let Some((node, ctx)) = obj.take("Resource") else {
            if let Some(owner) = required_in {
                self.err(Rule::MissingField, obj.ctx.loc(), format!("{owner} has no `Resource`"))
                    .help = Some("name the Lambda function, activity or integration to call, e.g. `arn:aws:states:::lambda:invoke`".into());
            }
            return None;
        };
        match &node.value {
            Value::String(s) if s.is_empty() => {
                self.err(Rule::EmptyValue, ctx.loc(), "`Resource` must not be empty")
                    .help =
                    Some("name the Lambda function, activity or integration to call".into());
                Some(Resource::Arn(String::new()))
            }
            Value::String(s) => Some(Resource::Arn(s.clone())),
            Value::Object(m) if is_cfn_intrinsic(m) => Some(Resource::Cfn(to_json(node))),
            _ => {
                self.wrong_type(node, &ctx, "Resource", "a string (an ARN)");
                None
            }
        }
    }

    fn machine(&mut self, root: &Node) -> Option<StateMachine> {
        let ctx = Ctx {
            pointer: String::new(),
            state_path: String::new(),
        };
        let Value::Object(_) = root.value else {
            self.err(
                Rule::Syntax,
                ctx.loc(),
                format!(
                    "a state machine definition must be a JSON object, found {}",
                    root.type_name()
                ),
            );
            return None;
        };
        let mut obj = self.object(root, &ctx, "definition")?;
        let query_language = self.take_enum(
            &mut obj,
            "QueryLanguage",
            QueryLanguage::parse,
            &["JSONPath", "JSONata"],
        );
        self.top_ql = query_language.unwrap_or(QueryLanguage::JsonPath);
        let version = self.take_string(&mut obj, "Version");
        let timeout_seconds = self.take_number(&mut obj, "TimeoutSeconds");
        let scope = self.scope_fields(&mut obj, "the state machine");
        self.finish(obj, "the state machine", MACHINE_FIELDS, None);
        Some(StateMachine {
            scope,
            version,
            timeout_seconds,
            query_language,
            machine_type: None,
        })
    }

    /// `StartAt`, `States` and `Comment` of a scope.
    fn scope_fields(&mut self, obj: &mut Obj<'_>, owner: &str) -> Scope {
        let comment = self.take_string(obj, "Comment");
        let start_at = self.non_empty_string(obj, "StartAt");
        if start_at.is_none() && !obj.has("StartAt") {
            self.err(
                Rule::MissingField,
                obj.ctx.loc(),
                format!("{owner} has no `StartAt`"),
            )
            .help = Some("name the first state to run".into());
        }
        let mut states = Vec::new();
        match obj.take("States") {
            None => {
                self.err(
                    Rule::MissingField,
                    obj.ctx.loc(),
                    format!("{owner} has no `States`"),
                );
            }
            Some((node, ctx)) => match &node.value {
                Value::Object(members) => {
                    if members.is_empty() {
                        self.err(
                            Rule::EmptyValue,
                            ctx.loc(),
                            "`States` must hold at least one state",
                        );
                    }
                    for (i, m) in members.iter().enumerate() {
                        // A repeated name is a duplicate key (reported already); the first wins.
                        if members[..i].iter().any(|p| p.key == m.key) {
                            continue;
                        }
                        let c = Ctx {
                            pointer: pointer_push(&ctx.pointer, &m.key),
                            state_path: join_state_path(&obj.ctx.state_path, &m.key),
                        };
                        if let Some(state) = self.state(&m.value, &c, &m.key) {
                            states.push(NamedState {
                                name: m.key.clone(),
                                state,
                            });
                        }
                    }
                }
                _ => self.wrong_type(node, &ctx, "States", "an object of states"),
            },
        }
        Scope {
            comment,
            start_at: start_at.unwrap_or_default(),
            states,
        }
    }

    fn nested_scope(
        &mut self,
        node: &Node,
        ctx: &Ctx,
        owner: &str,
        allowed: &[&str],
    ) -> Option<(Scope, Option<ProcessorConfig>)> {
        let mut obj = self.object(node, ctx, owner)?;
        let config = obj.take("ProcessorConfig").and_then(|(n, c)| {
            let mut o = self.object(n, &c, "ProcessorConfig")?;
            let cfg = ProcessorConfig {
                mode: self.take_enum(
                    &mut o,
                    "Mode",
                    ProcessorMode::parse,
                    &["INLINE", "DISTRIBUTED"],
                ),
                execution_type: self.take_enum(
                    &mut o,
                    "ExecutionType",
                    ExecutionType::parse,
                    &["STANDARD", "EXPRESS"],
                ),
            };
            self.finish(o, "ProcessorConfig", &["Mode", "ExecutionType"], None);
            Some(cfg)
        });
        let scope = self.scope_fields(&mut obj, owner);
        self.finish(obj, owner, allowed, None);
        Some((scope, config))
    }

    fn state(&mut self, node: &Node, ctx: &Ctx, name: &str) -> Option<State> {
        let mut obj = self.object(node, ctx, "a state")?;
        let type_name = match obj.take("Type") {
            None => {
                self.err(
                    Rule::MissingField,
                    ctx.loc(),
                    format!("state \"{name}\" has no `Type`"),
                )
                .help = Some(
                    "add `\"Type\"`: one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map"
                        .into(),
                );
                None
            }
            Some((n, c)) => self.string(n, &c, "Type").map(str::to_string).filter(|t| {
                let known = STATE_TYPES.contains(&t.as_str());
                if !known {
                    let d = self.err(
                        Rule::UnknownStateType,
                        c.loc(),
                        format!("unknown state type \"{t}\""),
                    );
                    d.help = Some(match closest(t, STATE_TYPES.iter().copied()) {
                        Some(m) => format!("did you mean \"{m}\"?"),
                        None => format!("a state's Type is one of {}", STATE_TYPES.join(", ")),
                    });
                }
                known
            }),
        };
        let Some(type_name) = type_name else {
            // Keep the state's name and transition so one mistake does not cascade into
            // unknown-target and unreachable-state reports; its other fields are not checked.
            let transition = match (obj.take("Next"), obj.take("End")) {
                (Some((n, _)), _) => match &n.value {
                    Value::String(s) => Transition::Next(s.clone()),
                    _ => Transition::End,
                },
                _ => Transition::End,
            };
            let io = Io::JsonPath(PathIo::default());
            return Some(State {
                comment: None,
                query_language: None,
                kind: StateKind::Pass(Pass {
                    result: None,
                    io,
                    assign: None,
                    transition,
                }),
            });
        };
        let comment = self.take_string(&mut obj, "Comment");
        let query_language = self.take_enum(
            &mut obj,
            "QueryLanguage",
            QueryLanguage::parse,
            &["JSONPath", "JSONata"],
        );
        let ql = query_language.unwrap_or(self.top_ql);
        let owner = format!("a {type_name} state");
        let kind = match type_name.as_str() {
            "Task" => {
                let resource = self.resource(&mut obj, Some("a Task state"));
                let io = self.io(&mut obj, ql, IoFields::ALL);
                let timeout = self.dyn_number(&mut obj, "TimeoutSeconds", "TimeoutSecondsPath", ql);
                let heartbeat =
                    self.dyn_number(&mut obj, "HeartbeatSeconds", "HeartbeatSecondsPath", ql);
                let credentials = self.credentials(&mut obj, ql);
                let retry = self.retriers(&mut obj);
                let catch = self.catchers(&mut obj, ql);
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Task");
                StateKind::Task(Task {
                    resource: resource.unwrap_or_else(|| Resource::Arn(String::new())),
                    io,
                    timeout,
                    heartbeat,
                    credentials,
                    retry,
                    catch,
                    assign,
                    transition,
                })
            }
            "Pass" => {
                let result = if ql == QueryLanguage::JsonPath {
                    obj.take("Result").map(|(n, _)| to_json(n))
                } else {
                    None
                };
                let io = self.io(
                    &mut obj,
                    ql,
                    IoFields {
                        result_selector: false,
                        ..IoFields::ALL
                    },
                );
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Pass");
                StateKind::Pass(Pass {
                    result,
                    io,
                    assign,
                    transition,
                })
            }
            "Choice" => {
                let choices = self.choice_rules(&mut obj, ql);
                let default = self.non_empty_string(&mut obj, "Default");
                let io = self.io(&mut obj, ql, IoFields::PATHS_AND_OUTPUT);
                let assign = self.assign(&mut obj, ql);
                StateKind::Choice(Choice {
                    choices,
                    default,
                    io,
                    assign,
                })
            }
            "Wait" => {
                let seconds = self.dyn_number(&mut obj, "Seconds", "SecondsPath", ql);
                let timestamp = self.dyn_string(&mut obj, "Timestamp", "TimestampPath", ql);
                // `Seconds` with `SecondsPath` (and the Timestamp pair) is reported as
                // exclusive fields above; here only seconds against timestamp, or neither.
                let has_seconds = obj.has("Seconds") || obj.has("SecondsPath");
                let has_timestamp = obj.has("Timestamp") || obj.has("TimestampPath");
                if has_seconds && has_timestamp {
                    self.err(
                        Rule::WaitForm,
                        ctx.loc(),
                        "a Wait state waits either a number of seconds or until a timestamp, not both",
                    )
                    .help = Some("keep one of Seconds, SecondsPath, Timestamp, TimestampPath".into());
                } else if !has_seconds && !has_timestamp {
                    self.err(
                        Rule::WaitForm,
                        ctx.loc(),
                        "a Wait state needs one of Seconds, Timestamp, SecondsPath, TimestampPath",
                    )
                    .help = Some("add e.g. `\"Seconds\": 10`".into());
                }
                let wait = match (seconds, timestamp) {
                    (Some(s), _) => WaitFor::Seconds(s),
                    (None, Some(t)) => WaitFor::Timestamp(t),
                    (None, None) => WaitFor::Seconds(Dyn::Value(Number::from(1i64))),
                };
                let io = self.io(&mut obj, ql, IoFields::PATHS_AND_OUTPUT);
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Wait");
                StateKind::Wait(Wait {
                    wait,
                    io,
                    assign,
                    transition,
                })
            }
            "Succeed" => StateKind::Succeed(Succeed {
                io: self.io(&mut obj, ql, IoFields::PATHS_AND_OUTPUT),
            }),
            "Fail" => {
                let error = self.dyn_string(&mut obj, "Error", "ErrorPath", ql);
                let cause = self.dyn_string(&mut obj, "Cause", "CausePath", ql);
                StateKind::Fail(Fail { error, cause })
            }
            "Parallel" => {
                let mut branches = Vec::new();
                match obj.take("Branches") {
                    None => {
                        self.err(
                            Rule::MissingField,
                            ctx.loc(),
                            "a Parallel state has no `Branches`",
                        )
                        .help =
                            Some("add `\"Branches\": [{\"StartAt\": …, \"States\": {…}}]`".into());
                    }
                    Some((n, c)) => match &n.value {
                        Value::Array(items) => {
                            if items.is_empty() {
                                self.err(
                                    Rule::EmptyValue,
                                    c.loc(),
                                    "`Branches` must hold at least one branch",
                                );
                            }
                            for (i, item) in items.iter().enumerate() {
                                let mut bc = c.child(&i.to_string());
                                bc.state_path = format!(
                                    "{}Parallel \"{name}\" › branch {}",
                                    parent_prefix(&ctx.state_path),
                                    i + 1
                                );
                                if let Some((scope, _)) =
                                    self.nested_scope(item, &bc, "a branch", BRANCH_FIELDS)
                                {
                                    branches.push(scope);
                                }
                            }
                        }
                        _ => self.wrong_type(n, &c, "Branches", "an array of branches"),
                    },
                }
                let io = self.io(&mut obj, ql, IoFields::ALL);
                let retry = self.retriers(&mut obj);
                let catch = self.catchers(&mut obj, ql);
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Parallel");
                StateKind::Parallel(Parallel {
                    branches,
                    io,
                    retry,
                    catch,
                    assign,
                    transition,
                })
            }
            "Map" => match self.map(&mut obj, ctx, name, ql) {
                Some(m) => StateKind::Map(Box::new(m)),
                None => {
                    let transition = self.transition(&mut obj, "Map");
                    StateKind::Pass(Pass {
                        result: None,
                        io: Io::JsonPath(PathIo::default()),
                        assign: None,
                        transition,
                    })
                }
            },
            _ => unreachable_type(),
        };
        let allowed = allowed_fields(&type_name, ql);
        self.finish(obj, &owner, &allowed, Some(ql));
        Some(State {
            comment,
            query_language,
            kind,
        })
    }

    fn credentials(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Option<Template> {
        let (node, ctx) = obj.take("Credentials")?;
        let Value::Object(members) = &node.value else {
            self.wrong_type(node, &ctx, "Credentials", "an object with `RoleArn`");
            return None;
        };
        let has_role = members
            .iter()
            .any(|m| m.key == "RoleArn" || (ql == QueryLanguage::JsonPath && m.key == "RoleArn.$"));
        if !has_role {
            self.err(
                Rule::MissingField,
                ctx.loc(),
                "`Credentials` has no `RoleArn`",
            )
            .help =
                Some("give the role to assume: `\"RoleArn\": \"arn:aws:iam::…:role/…\"`".into());
        }
        for m in members {
            if m.key != "RoleArn" && !(ql == QueryLanguage::JsonPath && m.key == "RoleArn.$") {
                self.err(
                    Rule::UnknownField,
                    ctx.child(&m.key).key_loc(),
                    format!("unknown field `{}` in Credentials", m.key),
                )
                .help = Some("Credentials has only `RoleArn`".into());
            }
        }
        Some(self.template(node, &ctx, ql))
    }

    fn choice_rules(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Vec<ChoiceRule> {
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
    fn condition_fields(&mut self, o: &mut Obj<'_>, top: bool) -> Option<Condition> {
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

    fn operand(
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
            (OperandKind::Number, Value::Number(n)) => {
                (Some(Operand::Number(Number::from_lexical(n.clone()))), "")
            }
            (OperandKind::Bool, Value::Bool(b)) => (Some(Operand::Bool(*b)), ""),
            (OperandKind::String, _) => (None, "a string"),
            (OperandKind::Timestamp, _) => (None, "a timestamp string"),
            (OperandKind::Number, _) => (None, "a number"),
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

    fn map(&mut self, obj: &mut Obj<'_>, ctx: &Ctx, name: &str, ql: QueryLanguage) -> Option<Map> {
        let processor_key = match (obj.has("ItemProcessor"), obj.has("Iterator")) {
            (true, true) => {
                self.err(
                    Rule::MapProcessor,
                    obj.ctx.child("Iterator").key_loc(),
                    "a Map state cannot have both `ItemProcessor` and `Iterator`",
                )
                .help = Some(
                    "`Iterator` is the legacy name of `ItemProcessor`: keep only `ItemProcessor`"
                        .into(),
                );
                obj.take("Iterator");
                "ItemProcessor"
            }
            (true, false) => "ItemProcessor",
            (false, true) => "Iterator",
            (false, false) => {
                self.err(Rule::MapProcessor, ctx.loc(), "a Map state has no `ItemProcessor`")
                    .help = Some("add `\"ItemProcessor\": {\"StartAt\": …, \"States\": {…}}` with the states to run for each item".into());
                ""
            }
        };
        let processor = if processor_key.is_empty() {
            None
        } else {
            let (node, mut c) = obj.take(processor_key)?;
            c.state_path = format!(
                "{}Map \"{name}\" › processor",
                parent_prefix(&ctx.state_path)
            );
            self.nested_scope(node, &c, processor_key, PROCESSOR_FIELDS)
                .map(|(scope, config)| Processor {
                    legacy_iterator: processor_key == "Iterator",
                    config,
                    scope,
                })
        };
        let items = match ql {
            QueryLanguage::JsonPath => obj.take("ItemsPath").and_then(|(n, c)| {
                if n.value == Value::Null {
                    self.wrong_type(n, &c, "ItemsPath", "a path");
                    return None;
                }
                self.path(n, &c, "ItemsPath").map(Items::Path)
            }),
            QueryLanguage::Jsonata => obj.take("Items").and_then(|(n, c)| match &n.value {
                Value::Array(_) => Some(Items::Jsonata(self.template(n, &c, ql))),
                Value::String(s) if jsonata::is_expression(s) => {
                    Some(Items::Jsonata(self.template(n, &c, ql)))
                }
                _ => {
                    self.wrong_type(n, &c, "Items", "an array or a JSONata expression");
                    None
                }
            }),
        };
        let legacy_parameters = ql == QueryLanguage::JsonPath && obj.has("Parameters");
        if legacy_parameters && obj.has("ItemSelector") {
            self.err(
                Rule::ExclusiveFields,
                obj.ctx.child("Parameters").key_loc(),
                "a Map state cannot have both `ItemSelector` and `Parameters`",
            )
            .help = Some(
                "`Parameters` is the legacy name of `ItemSelector`: keep only `ItemSelector`"
                    .into(),
            );
        }
        // Like Parameters, AWS accepts any JSON value here.
        let item_selector = match self.take_any_template(obj, "ItemSelector", ql) {
            Some(t) => {
                obj.take("Parameters");
                Some(t)
            }
            None if legacy_parameters => self.take_any_template(obj, "Parameters", ql),
            None => None,
        };
        let legacy_parameters =
            legacy_parameters && !obj.members.iter().any(|m| m.key == "ItemSelector");
        let item_reader = self.item_reader(obj, ql);
        let item_batcher = obj.take("ItemBatcher").and_then(|(n, c)| {
            let mut o = self.object(n, &c, "ItemBatcher")?;
            let b = ItemBatcher {
                max_items_per_batch: self.dyn_number(
                    &mut o,
                    "MaxItemsPerBatch",
                    "MaxItemsPerBatchPath",
                    ql,
                ),
                max_input_bytes_per_batch: self.dyn_number(
                    &mut o,
                    "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath",
                    ql,
                ),
                batch_input: self.take_object_template(&mut o, "BatchInput", ql),
            };
            let allowed: &[&str] = if ql == QueryLanguage::Jsonata {
                &["MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"]
            } else {
                &[
                    "MaxItemsPerBatch",
                    "MaxItemsPerBatchPath",
                    "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath",
                    "BatchInput",
                ]
            };
            self.finish(o, "ItemBatcher", allowed, Some(ql));
            Some(b)
        });
        let result_writer = obj.take("ResultWriter").and_then(|(n, c)| {
            let mut o = self.object(n, &c, "ResultWriter")?;
            let resource = self.resource(&mut o, None);
            let param_key = if ql == QueryLanguage::Jsonata {
                "Arguments"
            } else {
                "Parameters"
            };
            let parameters = self.take_object_template(&mut o, param_key, ql);
            let writer_config = o.take("WriterConfig").and_then(|(n, c)| {
                let mut wo = self.object(n, &c, "WriterConfig")?;
                let cfg = WriterConfig {
                    output_type: self.take_enum(
                        &mut wo,
                        "OutputType",
                        OutputType::parse,
                        &["JSON", "JSONL"],
                    ),
                    transformation: self.take_enum(
                        &mut wo,
                        "Transformation",
                        Transformation::parse,
                        &["NONE", "COMPACT", "FLATTEN"],
                    ),
                };
                if !wo.has("OutputType") {
                    self.err(
                        Rule::MissingField,
                        c.loc(),
                        "`WriterConfig` has no `OutputType`",
                    )
                    .help = Some("add `\"OutputType\": \"JSON\"` or `\"JSONL\"`".into());
                }
                self.finish(wo, "WriterConfig", &["OutputType", "Transformation"], None);
                Some(cfg)
            });
            self.finish(
                o,
                "ResultWriter",
                &["Resource", param_key, "WriterConfig"],
                Some(ql),
            );
            Some(ResultWriter {
                resource,
                parameters,
                writer_config,
            })
        });
        let max_concurrency = self.dyn_number(obj, "MaxConcurrency", "MaxConcurrencyPath", ql);
        let tolerated_failure_percentage = self.dyn_number(
            obj,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            ql,
        );
        let tolerated_failure_count = self.dyn_number(
            obj,
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            ql,
        );
        let label = self.take_string(obj, "Label");
        let io = self.io(
            obj,
            ql,
            IoFields {
                parameters: false,
                ..IoFields::ALL
            },
        );
        let retry = self.retriers(obj);
        let catch = self.catchers(obj, ql);
        let assign = self.assign(obj, ql);
        let transition = self.transition(obj, "Map");
        Some(Map {
            processor: processor?,
            items,
            item_selector,
            legacy_parameters,
            item_reader,
            item_batcher,
            result_writer,
            max_concurrency,
            tolerated_failure_percentage,
            tolerated_failure_count,
            label,
            io,
            retry,
            catch,
            assign,
            transition,
        })
    }

    fn item_reader(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Option<ItemReader> {
        let (n, c) = obj.take("ItemReader")?;
        let mut o = self.object(n, &c, "ItemReader")?;
        let resource = self.resource(&mut o, Some("ItemReader"));
        let param_key = if ql == QueryLanguage::Jsonata {
            "Arguments"
        } else {
            "Parameters"
        };
        let parameters = self.take_object_template(&mut o, param_key, ql);
        let reader_config = o.take("ReaderConfig").and_then(|(n, c)| {
            let mut ro = self.object(n, &c, "ReaderConfig")?;
            let cfg = ReaderConfig {
                input_type: self.take_enum(
                    &mut ro,
                    "InputType",
                    InputType::parse,
                    &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
                ),
                csv_header_location: self.take_enum(
                    &mut ro,
                    "CSVHeaderLocation",
                    CsvHeaderLocation::parse,
                    &["FIRST_ROW", "GIVEN"],
                ),
                csv_headers: ro.take("CSVHeaders").map(|(n, _)| to_json(n)),
                csv_delimiter: self.take_enum(
                    &mut ro,
                    "CSVDelimiter",
                    CsvDelimiter::parse,
                    &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
                ),
                manifest_type: self.take_enum(
                    &mut ro,
                    "ManifestType",
                    ManifestType::parse,
                    &["ATHENA_DATA", "S3_INVENTORY"],
                ),
                max_items: self.dyn_number(&mut ro, "MaxItems", "MaxItemsPath", ql),
            };
            let allowed: &[&str] = if ql == QueryLanguage::Jsonata {
                &[
                    "InputType",
                    "CSVHeaderLocation",
                    "CSVHeaders",
                    "CSVDelimiter",
                    "ManifestType",
                    "MaxItems",
                ]
            } else {
                &[
                    "InputType",
                    "CSVHeaderLocation",
                    "CSVHeaders",
                    "CSVDelimiter",
                    "ManifestType",
                    "MaxItems",
                    "MaxItemsPath",
                ]
            };
            self.finish(ro, "ReaderConfig", allowed, Some(ql));
            Some(cfg)
        });
        self.finish(
            o,
            "ItemReader",
            &["Resource", param_key, "ReaderConfig"],
            Some(ql),
        );
        Some(ItemReader {
            resource: resource.unwrap_or_else(|| Resource::Arn(String::new())),
            parameters,
            reader_config,
        })
    }
}

fn unreachable_type() -> StateKind {
    // `state` only dispatches on names from STATE_TYPES, all of which have an arm above.
    StateKind::Succeed(Succeed {
        io: Io::JsonPath(PathIo::default()),
    })
}

/// Which input/output fields a state type has.
#[derive(Clone, Copy)]
struct IoFields {
    paths: bool,
    parameters: bool,
    result_selector: bool,
    result_path: bool,
    output: bool,
}

impl IoFields {
    const ALL: IoFields = IoFields {
        paths: true,
        parameters: true,
        result_selector: true,
        result_path: true,
        output: true,
    };
    const PATHS_AND_OUTPUT: IoFields = IoFields {
        paths: true,
        parameters: false,
        result_selector: false,
        result_path: false,
        output: true,
    };
}

fn scalar_template(node: &Node) -> Template {
    match &node.value {
        Value::Null => Template::Null,
        Value::Bool(b) => Template::Bool(*b),
        Value::Number(n) => Template::Number(Number::from_lexical(n.clone())),
        Value::String(s) => Template::String(s.clone()),
        Value::Array(_) | Value::Object(_) => Template::Null,
    }
}

/// Static JSON, as written.
pub(crate) fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Number(Number::from_lexical(n.clone())),
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Object(members) => Json::Object(
            members
                .iter()
                .map(|m| (m.key.clone(), to_json(&m.value)))
                .collect(),
        ),
    }
}

/// `{"Ref": …}` or `{"Fn::…": …}`: a CloudFormation intrinsic a deploy resolves.
fn is_cfn_intrinsic(members: &[Member]) -> bool {
    members.len() == 1 && (members[0].key == "Ref" || members[0].key.starts_with("Fn::"))
}

fn join_state_path(parent: &str, name: &str) -> String {
    if name.is_empty() {
        parent.to_string()
    } else if parent.is_empty() {
        format!("\"{name}\"")
    } else {
        format!("{parent} › \"{name}\"")
    }
}

/// The state path of the scope that holds a state, plus the separator, e.g. `Parallel "P" ›
/// branch 1 › ` for a state inside that branch; empty at the top level.
fn parent_prefix(state_path: &str) -> String {
    match state_path.rfind(" › \"") {
        Some(i) => format!("{} › ", &state_path[..i]),
        None => String::new(),
    }
}

fn abbreviate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
