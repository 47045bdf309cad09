//! Builds the typed model from a positioned JSON tree (the text front end).
//!
//! This stage reports what the model cannot represent: unknown fields, fields a state type or
//! query language does not have, wrong JSON types, missing required fields, exclusive fields
//! used together, malformed paths, intrinsic functions and JSONata expressions. It keeps going
//! after each problem (the field in error is left out) so one run reports everything; the
//! validator then checks the model it could build.

mod choice;
mod errors;
pub mod fields;
mod map;
mod states;
mod values;

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
        let n = number_or_placeholder(&node.value);
        if n.is_none() {
            self.wrong_type(node, ctx, what, "a number");
        }
        n
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
}

/// A number, or a whole `${Name}` placeholder that a deploy substitutes with one: written
/// unquoted in a JSON file (`"Seconds": ${Timeout}`) it reads as a number, and in YAML
/// (`Seconds: ${Timeout}`) as a string.
fn number_or_placeholder(value: &Value) -> Option<Number> {
    match value {
        Value::Number(n) => Some(Number::from_lexical(n.clone())),
        Value::String(s) => Number::from_placeholder(s),
        _ => None,
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
