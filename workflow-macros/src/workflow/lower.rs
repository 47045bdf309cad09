//! Stage 2 of the macro: the syntax tree → the workflow-core model, plus a map from every model
//! location (JSON Pointer) back to the tokens it came from, and the data-type checks to emit.
//!
//! Lowering reports only what the model cannot represent (an unknown field name, a value of the
//! wrong shape, an integration that does not exist); every ASL rule is left to the one validator
//! in workflow-core, whose diagnostics `check` maps back through the [`SpanMap`].
//!
//! What the DSL means, in ASL terms:
//!
//! * the machine: `///` → `Comment`, `#[express]`/`#[standard]` → the machine type,
//!   `#[jsonata]`/`#[jsonpath]` → `QueryLanguage`, `#[timeout(1h)]` → `TimeoutSeconds`,
//!   `#[version("1.0")]` → `Version`; `StartAt` is the first state written;
//! * transitions: `next: Name`, or `end`; otherwise the state written next in the same scope,
//!   and the last state of a scope ends it (Choice, Succeed and Fail have no transition);
//! * values: in JSONPath states a path or an intrinsic call as a member value is a `key.$`
//!   member; in JSONata states a `"{% … %}"` string is an expression;
//! * Choice arms: comparisons pick their operator from the literal (or a `string(…)`,
//!   `number(…)`, `boolean(…)`, `timestamp(…)` wrapper), `!=` is `Not` of the `…Equals`
//!   operator, `== null` / `!= null` are `IsNull: true` / `IsNull: false`, a comparison of two
//!   paths without a wrapper is numeric; `&&`, `||`, `!` are `And`, `Or`, `Not`;
//! * Tasks: `service::action(arg).pattern` → `arn:aws:states:::service:action.pattern`, the
//!   argument becoming the service's main parameter (`FunctionName` for `lambda::invoke`), and
//!   `payload:` the Lambda `Payload`.

use std::collections::HashMap;

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Ident, LitStr, Type};
use workflow_core::build::fields;
use workflow_core::diagnostic::pointer_push;
use workflow_core::did_you_mean::closest;
use workflow_core::expr::intrinsic::{self, ValueKind};
use workflow_core::expr::{Dynamic, Intrinsic, Jsonata, Path, PathRoot, Segment, jsonata};
use workflow_core::model::*;
use workflow_core::rules::Rule;

use crate::workflow::syntax as ast;

/// JSON Pointer → the tokens that produced the value there.
#[derive(Debug, Default)]
pub struct SpanMap {
    /// In insertion order; lookups take the longest pointer that is a prefix (by whole tokens)
    /// of the pointer asked for.
    pub entries: Vec<(String, TokenStream)>,
    /// Where the pointer of a key (for `at_key` diagnostics) should point, when it differs from
    /// the value's tokens (e.g. a state's name).
    pub keys: Vec<(String, TokenStream)>,
    /// The `.sync` / `.sync2` / `.wait_for_task_token` of each Task integration that has one,
    /// so a diagnostic about the pattern can point at it rather than at the whole integration.
    pub patterns: Vec<PatternSpan>,
}

/// The integration pattern written on a Task (or none), for `check`.
#[derive(Debug, Clone)]
pub struct PatternSpan {
    /// The pointer of the Task's `Resource`.
    pub pointer: String,
    /// The pattern's tokens.
    pub tokens: TokenStream,
    /// The Resource without the pattern, e.g. `arn:aws:states:::sns:publish`.
    pub base: String,
}

impl SpanMap {
    /// Records the tokens of the value at `pointer`.
    pub fn insert(&mut self, pointer: impl Into<String>, tokens: impl ToTokens) {
        self.entries
            .push((pointer.into(), tokens.into_token_stream()));
    }

    /// Records the tokens of the key of the member at `pointer`.
    pub fn insert_key(&mut self, pointer: impl Into<String>, tokens: impl ToTokens) {
        self.keys.push((pointer.into(), tokens.into_token_stream()));
    }

    /// The tokens for a diagnostic at `pointer`: those of the longest recorded pointer that is
    /// a prefix of it, token by token (`/States/A` is a prefix of `/States/A/Next`, not of
    /// `/States/AB`). With `at_key`, a key recorded at least as deep as any value wins.
    /// Among values recorded at the same pointer the first wins; among keys the last (a
    /// repeated key is the one a duplicate-key diagnostic is about).
    pub fn find(&self, pointer: &str, at_key: bool) -> Option<&TokenStream> {
        let value = best(&self.entries, pointer, false);
        let key = best(&self.keys, pointer, true);
        match (value, key) {
            (Some((vd, v)), Some((kd, k))) => {
                if at_key && kd >= vd {
                    Some(k)
                } else {
                    Some(v)
                }
            }
            (Some((_, v)), None) => Some(v),
            (None, Some((_, k))) => Some(k),
            (None, None) => None,
        }
    }

    /// The tokens of the whole machine (its name).
    pub fn root(&self) -> Option<&TokenStream> {
        self.entries
            .iter()
            .find(|(p, _)| p.is_empty())
            .map(|(_, t)| t)
    }

    /// The pattern written at the Task whose `Resource` is at `pointer`.
    pub fn pattern(&self, pointer: &str) -> Option<&PatternSpan> {
        self.patterns.iter().find(|p| p.pointer == pointer)
    }
}

/// The deepest entry of `list` whose pointer is a prefix of `pointer`, with its depth.
/// Among `list`, the tokens of the deepest pointer that names `pointer` or one of its
/// ancestors, with its depth; at equal depth the first recorded wins, or the last with
/// `last_wins`. Shared by the macros' span maps.
pub(crate) fn best<'a>(
    list: &'a [(String, TokenStream)],
    pointer: &str,
    last_wins: bool,
) -> Option<(usize, &'a TokenStream)> {
    let mut found: Option<(usize, &TokenStream)> = None;
    for (p, t) in list {
        if !is_pointer_prefix(p, pointer) {
            continue;
        }
        let depth = p.matches('/').count();
        let better = match found {
            None => true,
            Some((d, _)) => depth > d || (last_wins && depth == d),
        };
        if better {
            found = Some((depth, t));
        }
    }
    found
}

/// `prefix` names `pointer` or one of its ancestors.
fn is_pointer_prefix(prefix: &str, pointer: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
}

/// A path into a declared input or output type, to be checked by rustc in the expansion.
#[derive(Debug)]
pub struct TypeCheck {
    /// The declared type the path reads from.
    pub ty: syn::Type,
    /// Field names and array indexes after the `$`, each with the tokens to point at.
    pub steps: Vec<(PathStep, TokenStream)>,
    /// What the value is compared with, for Choice comparisons.
    pub expect: Option<Expect>,
}

#[derive(Debug, Clone)]
pub enum PathStep {
    Field(String),
    Index(u64),
}

/// The kind of value a comparison needs at the end of a typed path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Number,
    String,
    Bool,
    Timestamp,
}

/// The result of lowering.
#[derive(Debug)]
pub struct Lowered {
    pub machine: StateMachine,
    pub spans: SpanMap,
    pub type_checks: Vec<TypeCheck>,
    /// Errors found while lowering (unknown fields, malformed values); the validator still runs
    /// on what could be built.
    pub errors: Vec<syn::Error>,
}

/// Lowers a parsed `workflow!` invocation to the model. Never fails: what cannot be lowered is
/// reported in [`Lowered::errors`] and left out of the model.
pub fn lower(machine: &ast::Machine) -> Lowered {
    let mut l = Lowerer {
        spans: SpanMap::default(),
        type_checks: Vec::new(),
        errors: Vec::new(),
        top_ql: QueryLanguage::JsonPath,
    };
    let machine = l.machine(machine);
    Lowered {
        machine,
        spans: l.spans,
        type_checks: l.type_checks,
        errors: l.errors,
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// The DSL name of an intrinsic function: its ASL name (one of workflow-core's
/// [`intrinsic::NAMES`]) without `States.`, in snake case (`States.StringToJson` →
/// `string_to_json`, `States.Base64Encode` → `base64_encode`, `States.UUID` → `uuid`).
fn intrinsic_dsl_name(asl_name: &str) -> String {
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

/// The tests a Choice condition can call, with their operator.
const TESTS: &[(&str, Operator)] = &[
    ("is_present", Operator::IsPresent),
    ("is_null", Operator::IsNull),
    ("is_string", Operator::IsString),
    ("is_numeric", Operator::IsNumeric),
    ("is_boolean", Operator::IsBoolean),
    ("is_timestamp", Operator::IsTimestamp),
];

/// The typed wrappers of comparison operands.
const WRAPPERS: &[(&str, OperandKind)] = &[
    ("string", OperandKind::String),
    ("number", OperandKind::Number),
    ("boolean", OperandKind::Bool),
    ("timestamp", OperandKind::Timestamp),
];

/// How the DSL spells the ASL fields of a state body that it writes as `field: value`, in the
/// order messages list them. Which fields a state has is workflow-core's parser table
/// ([`fields::allowed_fields`]); the ASL fields missing here are written another way (the
/// state kind, `end`, `retry`, `catch`, a Wait's duration, a Choice's arms, `branch`,
/// `processor`) or not at all (`Comment`, the `…Path` forms, Map's legacy `Parameters` and
/// `Iterator`). `payload` has no ASL field of its own: it is the `Payload` of a Task's
/// parameters or arguments.
const DSL_FIELDS: &[(&str, &str)] = &[
    ("Next", "next"),
    ("InputPath", "input_path"),
    ("OutputPath", "output_path"),
    ("Output", "output"),
    ("Parameters", "parameters"),
    ("Arguments", "arguments"),
    ("ResultSelector", "result_selector"),
    ("Result", "result"),
    ("ResultPath", "result_path"),
    ("", "payload"),
    ("TimeoutSeconds", "timeout"),
    ("HeartbeatSeconds", "heartbeat"),
    ("Credentials", "credentials"),
    ("ItemsPath", "items"),
    ("Items", "items"),
    ("ItemSelector", "item_selector"),
    ("MaxConcurrency", "max_concurrency"),
    ("ToleratedFailurePercentage", "tolerated_failure_percentage"),
    ("ToleratedFailureCount", "tolerated_failure_count"),
    ("Label", "label"),
    ("ItemProcessor", "mode"),
    ("ItemReader", "reader"),
    ("ItemBatcher", "batcher"),
    ("ResultWriter", "writer"),
    ("Error", "error"),
    ("Cause", "cause"),
    ("Assign", "assign"),
];

/// Whether every ASL field the DSL field `dsl` stands for is in `only` (one query language's
/// own fields).
fn only_in(dsl: &str, only: &[&str]) -> bool {
    let mut asl = DSL_FIELDS
        .iter()
        .filter(|(_, d)| *d == dsl)
        .map(|(a, _)| *a)
        .peekable();
    asl.peek().is_some() && asl.all(|a| only.contains(&a))
}

/// Whether `dsl` is a field of some state body.
fn is_dsl_field(dsl: &str) -> bool {
    DSL_FIELDS.iter().any(|(_, d)| *d == dsl)
}

/// The state types, for field tables and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Task => "task",
            Ty::Pass => "pass",
            Ty::Choice => "choice",
            Ty::Wait => "wait",
            Ty::Succeed => "succeed",
            Ty::Fail => "fail",
            Ty::Parallel => "parallel",
            Ty::Map => "map",
        }
    }

    fn has_transition(self) -> bool {
        !matches!(self, Ty::Choice | Ty::Succeed | Ty::Fail)
    }

    fn has_error_handling(self) -> bool {
        matches!(self, Ty::Task | Ty::Parallel | Ty::Map)
    }

    /// The ASL type name.
    fn asl_name(self) -> &'static str {
        match self {
            Ty::Task => "Task",
            Ty::Pass => "Pass",
            Ty::Choice => "Choice",
            Ty::Wait => "Wait",
            Ty::Succeed => "Succeed",
            Ty::Fail => "Fail",
            Ty::Parallel => "Parallel",
            Ty::Map => "Map",
        }
    }

    /// The DSL fields of a state body of this type in this query language: those of the ASL
    /// fields workflow-core's parser allows, spelt as [`DSL_FIELDS`] says.
    fn fields(self, ql: QueryLanguage) -> Vec<&'static str> {
        let asl = fields::allowed_fields(self.asl_name(), ql);
        let mut v: Vec<&'static str> = Vec::new();
        for (asl_field, dsl) in DSL_FIELDS {
            let allowed = match *asl_field {
                "" => self == Ty::Task,
                // The DSL writes a Map's parameters as `item_selector`.
                "Parameters" if self == Ty::Map => false,
                a => asl.contains(&a),
            };
            if allowed && !v.contains(dsl) {
                v.push(dsl);
            }
        }
        v
    }
}

// ---------------------------------------------------------------------------------------------
// The lowerer

struct Lowerer {
    spans: SpanMap,
    type_checks: Vec<TypeCheck>,
    errors: Vec<syn::Error>,
    top_ql: QueryLanguage,
}

/// The declared input type of a state, and the steps its `input_path` selects.
#[derive(Clone)]
struct Typed {
    ty: Type,
    prefix: Vec<(PathStep, TokenStream)>,
}

/// Where a state is being lowered.
struct Cx {
    /// The state's pointer, e.g. `/States/Charge`.
    ptr: String,
    ql: QueryLanguage,
    /// The declared input, while paths read it (cleared by `input_path: null`).
    typed: Option<Typed>,
}

impl Cx {
    fn at(&self, field: &str) -> String {
        pointer_push(&self.ptr, field)
    }

    fn jsonpath(&self) -> bool {
        self.ql == QueryLanguage::JsonPath
    }
}

/// A value can be a path or an intrinsic call here (a member of an object), or not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The whole value of a field.
    Top,
    /// The value of an object member: paths and calls become `key.$` members.
    Member,
    /// An item of an array.
    Item,
}

/// The body entries of a state, taken one by one; what is left is reported.
struct Fields<'a> {
    fields: Vec<(&'a Ident, String, &'a ast::Value, bool)>,
    ends: Vec<&'a Ident>,
    retries: Vec<&'a ast::Retrier>,
    catches: Vec<&'a ast::Catcher>,
    branches: Vec<(&'a Ident, &'a [ast::State], Span)>,
    processors: Vec<(&'a Ident, &'a [ast::State], Span)>,
}

impl<'a> Fields<'a> {
    fn take(&mut self, key: &str) -> Option<(&'a Ident, &'a ast::Value)> {
        self.fields
            .iter_mut()
            .find(|(_, k, _, used)| k == key && !*used)
            .map(|(ident, _, value, used)| {
                *used = true;
                (*ident, *value)
            })
    }
}

impl Lowerer {
    fn error(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.errors
            .push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// An error that is one of the validator's rules (so it carries the same code).
    fn rule_error(&mut self, tokens: impl ToTokens, rule: Rule, message: &str, help: Option<&str>) {
        let mut text = format!("{message} [{}]", rule.code());
        if let Some(help) = help {
            text.push_str("\n  = help: ");
            text.push_str(help);
        }
        self.error(tokens, text);
    }

    // ---- the machine and scopes ----

    fn machine(&mut self, m: &ast::Machine) -> StateMachine {
        self.spans.insert("", &m.name);
        self.spans.insert_key("", &m.name);
        let mut version = None;
        let mut timeout_seconds = None;
        let mut query_language: Option<(QueryLanguage, &Ident)> = None;
        let mut machine_type: Option<(MachineType, &Ident)> = None;
        for attr in &m.attrs {
            let name = ident_text(&attr.name);
            match name.as_str() {
                "express" | "standard" => {
                    self.no_argument(attr);
                    let t = if name == "express" {
                        MachineType::Express
                    } else {
                        MachineType::Standard
                    };
                    if let Some((prev, _)) = machine_type
                        && prev != t
                    {
                        self.error(
                            &attr.name,
                            "a workflow is either `#[express]` or `#[standard]`, not both",
                        );
                    }
                    machine_type = Some((t, &attr.name));
                }
                "jsonata" | "jsonpath" => {
                    self.no_argument(attr);
                    let q = if name == "jsonata" {
                        QueryLanguage::Jsonata
                    } else {
                        QueryLanguage::JsonPath
                    };
                    if let Some((prev, _)) = query_language
                        && prev != q
                    {
                        self.error(
                            &attr.name,
                            "a workflow is either `#[jsonata]` or `#[jsonpath]`, not both",
                        );
                    }
                    query_language = Some((q, &attr.name));
                    self.spans.insert("/QueryLanguage", &attr.name);
                }
                "timeout" => match &attr.arg {
                    Some(v) => {
                        self.spans.insert("/TimeoutSeconds", v.tokens());
                        timeout_seconds = self.seconds(v, "the workflow timeout");
                    }
                    None => self.error(&attr.name, "expected `#[timeout(1h)]`"),
                },
                "version" => match &attr.arg {
                    Some(ast::Value::Str(s)) => {
                        self.spans.insert("/Version", s);
                        version = Some(s.value());
                    }
                    Some(v) => self.error(v.tokens(), "expected a string: `#[version(\"1.0\")]`"),
                    None => self.error(&attr.name, "expected `#[version(\"1.0\")]`"),
                },
                // The deployed name: the expansion's business.
                "name" => {}
                _ => {
                    const MACHINE_ATTRS: &[&str] = &[
                        "express", "standard", "jsonata", "jsonpath", "timeout", "version", "name",
                    ];
                    self.unknown(&attr.name, &name, "attribute", "a workflow", MACHINE_ATTRS);
                }
            }
        }
        self.top_ql = query_language.map_or(QueryLanguage::JsonPath, |(q, _)| q);
        let mut scope = self.scope(
            &m.states,
            "",
            m.input.as_ref(),
            span_tokens(m.body_span),
            "a workflow",
        );
        if let Some(docs) = &m.docs {
            self.spans.insert("/Comment", docs);
            scope.comment = Some(doc_text(docs));
        }
        StateMachine {
            scope,
            version,
            timeout_seconds,
            query_language: query_language.map(|(q, _)| q),
            machine_type: machine_type.map(|(t, _)| t),
        }
    }

    fn no_argument(&mut self, attr: &ast::Attr) {
        if let Some(v) = &attr.arg {
            self.error(
                v.tokens(),
                format!("`#[{}]` takes no argument", ident_text(&attr.name)),
            );
        }
    }

    /// The states of the machine, a branch or a processor, at `base` (the scope's pointer).
    fn scope(
        &mut self,
        states: &[ast::State],
        base: &str,
        input: Option<&Type>,
        owner: TokenStream,
        what: &str,
    ) -> Scope {
        self.spans
            .insert(pointer_push(base, "States"), owner.clone());
        let Some(first) = states.first() else {
            self.rule_error(
                &owner,
                Rule::EmptyValue,
                &format!("{what} needs at least one state"),
                Some("add a state, e.g. `Done: succeed`"),
            );
            return Scope::default();
        };
        self.spans
            .insert(pointer_push(base, "StartAt"), &first.name);
        let mut out: Vec<NamedState> = Vec::with_capacity(states.len());
        let mut seen: HashMap<String, &Ident> = HashMap::new();
        for (i, s) in states.iter().enumerate() {
            let name = ident_text(&s.name);
            if seen.contains_key(&name) {
                self.rule_error(
                    &s.name,
                    Rule::DuplicateStateName,
                    &format!("state name \"{name}\" is already used in this scope"),
                    Some("state names must be unique in the whole machine"),
                );
                continue;
            }
            seen.insert(name.clone(), &s.name);
            // Fall through to the next state with a different name: a repeated name is dropped
            // above, and falling into it would make a state loop onto itself.
            let fallthrough = states[i + 1..]
                .iter()
                .map(|n| ident_text(&n.name))
                .find(|n| *n != name);
            let start_input = if i == 0 { input } else { None };
            let state = self.state(s, base, fallthrough, start_input);
            out.push(NamedState { name, state });
        }
        Scope {
            comment: None,
            start_at: ident_text(&first.name),
            states: out,
        }
    }

    fn state(
        &mut self,
        s: &ast::State,
        base: &str,
        fallthrough: Option<String>,
        start_input: Option<&Type>,
    ) -> State {
        let name = ident_text(&s.name);
        let ptr = pointer_push(&pointer_push(base, "States"), &name);
        self.spans.insert(ptr.clone(), &s.name);
        self.spans.insert_key(ptr.clone(), &s.name);
        let mut query_language = None;
        let mut input = start_input.cloned();
        for attr in &s.attrs {
            let attr_name = ident_text(&attr.name);
            match attr_name.as_str() {
                "jsonata" | "jsonpath" => {
                    self.no_argument(attr);
                    query_language = Some(if attr_name == "jsonata" {
                        QueryLanguage::Jsonata
                    } else {
                        QueryLanguage::JsonPath
                    });
                    self.spans
                        .insert(pointer_push(&ptr, "QueryLanguage"), &attr.name);
                }
                "input" => match &attr.ty {
                    Some(ty) => input = Some(ty.clone()),
                    None => self.error(&attr.name, "expected `#[input(Type)]`"),
                },
                // The declared output is the expansion's business.
                "output" => {}
                _ => self.unknown(
                    &attr.name,
                    &attr_name,
                    "attribute",
                    "a state",
                    &["jsonata", "jsonpath", "input", "output"],
                ),
            }
        }
        let ql = query_language.unwrap_or(self.top_ql);
        let comment = s.docs.as_ref().map(|d| {
            self.spans.insert(pointer_push(&ptr, "Comment"), d);
            doc_text(d)
        });
        let (ty, keyword, body) = match &s.kind {
            ast::Kind::Task { keyword, body, .. } => (Ty::Task, keyword, Some(body)),
            ast::Kind::Pass { keyword, body } => (Ty::Pass, keyword, Some(body)),
            ast::Kind::Choice { keyword, .. } => (Ty::Choice, keyword, None),
            ast::Kind::Wait { keyword, body, .. } => (Ty::Wait, keyword, Some(body)),
            ast::Kind::Succeed { keyword, body } => (Ty::Succeed, keyword, Some(body)),
            ast::Kind::Fail { keyword, body } => (Ty::Fail, keyword, Some(body)),
            ast::Kind::Parallel { keyword, body } => (Ty::Parallel, keyword, Some(body)),
            ast::Kind::Map { keyword, body } => (Ty::Map, keyword, Some(body)),
        };
        self.spans.insert(pointer_push(&ptr, "Type"), keyword);
        let mut f = self.fields(body);
        let mut cx = Cx {
            ptr,
            ql,
            typed: input.map(|ty| Typed {
                ty,
                prefix: Vec::new(),
            }),
        };
        if ql == QueryLanguage::Jsonata {
            // JSONata reads the input through `$states.input`; nothing to check against a type.
            cx.typed = None;
        }
        // InputPath first: every other path of the state reads what it selects.
        let input_path = if ty != Ty::Fail && cx.jsonpath() {
            self.input_path(&mut f, &mut cx)
        } else {
            None
        };
        let kind = match &s.kind {
            ast::Kind::Task { integration, .. } => {
                StateKind::Task(self.task(integration, &mut f, &cx, input_path, fallthrough))
            }
            ast::Kind::Pass { .. } => {
                let result = if cx.jsonpath() {
                    f.take("result")
                        .and_then(|(_, v)| self.json(v, &cx.at("Result"), "`result`"))
                } else {
                    None
                };
                let io = self.io(&mut f, &cx, Ty::Pass, input_path, Vec::new(), None);
                let assign = self.take_assign(&mut f, &cx);
                let transition = self.transition(&mut f, &cx, fallthrough);
                StateKind::Pass(Pass {
                    result,
                    io,
                    assign,
                    transition,
                })
            }
            ast::Kind::Choice { arms, .. } => StateKind::Choice(self.choice(arms, &cx)),
            ast::Kind::Wait { what, .. } => {
                let wait = self.wait(what, &cx);
                let io = self.io(&mut f, &cx, Ty::Wait, input_path, Vec::new(), None);
                let assign = self.take_assign(&mut f, &cx);
                let transition = self.transition(&mut f, &cx, fallthrough);
                StateKind::Wait(Wait {
                    wait,
                    io,
                    assign,
                    transition,
                })
            }
            ast::Kind::Succeed { .. } => StateKind::Succeed(Succeed {
                io: self.io(&mut f, &cx, Ty::Succeed, input_path, Vec::new(), None),
            }),
            ast::Kind::Fail { .. } => {
                let error = f
                    .take("error")
                    .and_then(|(_, v)| self.dyn_string(v, &cx, "Error"));
                let cause = f
                    .take("cause")
                    .and_then(|(_, v)| self.dyn_string(v, &cx, "Cause"));
                StateKind::Fail(Fail { error, cause })
            }
            ast::Kind::Parallel { keyword, body } => {
                let branches_found = std::mem::take(&mut f.branches);
                if branches_found.is_empty() {
                    self.rule_error(
                        body.span
                            .map_or_else(|| keyword.to_token_stream(), span_tokens),
                        Rule::EmptyValue,
                        "a parallel state needs at least one `branch { … }`",
                        None,
                    );
                }
                let mut branches = Vec::with_capacity(branches_found.len());
                for (i, (kw, states, span)) in branches_found.into_iter().enumerate() {
                    let bptr = pointer_push(&cx.at("Branches"), &i.to_string());
                    self.spans.insert(bptr.clone(), kw);
                    if i == 0 {
                        self.spans.insert(cx.at("Branches"), kw);
                    }
                    branches.push(self.scope(states, &bptr, None, span_tokens(span), "a branch"));
                }
                let io = self.io(&mut f, &cx, Ty::Parallel, input_path, Vec::new(), None);
                let (retry, catch) = self.error_handling(&mut f, &cx);
                let assign = self.take_assign(&mut f, &cx);
                let transition = self.transition(&mut f, &cx, fallthrough);
                StateKind::Parallel(Parallel {
                    branches,
                    io,
                    retry,
                    catch,
                    assign,
                    transition,
                })
            }
            ast::Kind::Map { keyword, body } => StateKind::Map(Box::new(
                self.map(
                    body.span
                        .map_or_else(|| keyword.to_token_stream(), span_tokens),
                    &mut f,
                    &cx,
                    input_path,
                    fallthrough,
                ),
            )),
        };
        self.finish(f, ty, ql);
        State {
            comment,
            query_language,
            kind,
        }
    }

    /// Sorts a body's entries; a field given twice is reported and the repeat dropped.
    fn fields<'a>(&mut self, body: Option<&'a ast::Body>) -> Fields<'a> {
        let mut f = Fields {
            fields: Vec::new(),
            ends: Vec::new(),
            retries: Vec::new(),
            catches: Vec::new(),
            branches: Vec::new(),
            processors: Vec::new(),
        };
        let Some(body) = body else { return f };
        for entry in &body.entries {
            match entry {
                ast::Entry::Field { key, value } => {
                    let k = ident_text(key);
                    if f.fields.iter().any(|(_, other, _, _)| *other == k) {
                        self.rule_error(
                            key,
                            Rule::DuplicateKey,
                            &format!("`{k}` is set twice"),
                            Some("remove one of the two"),
                        );
                        continue;
                    }
                    f.fields.push((key, k, value, false));
                }
                ast::Entry::End(ident) => {
                    if !f.ends.is_empty() {
                        self.error(ident, "`end` is written twice");
                        continue;
                    }
                    f.ends.push(ident);
                }
                ast::Entry::Retry(r) => f.retries.push(r),
                ast::Entry::Catch(c) => f.catches.push(c),
                ast::Entry::Branch {
                    keyword,
                    states,
                    span,
                } => f.branches.push((keyword, states, *span)),
                ast::Entry::Processor {
                    keyword,
                    states,
                    span,
                } => f.processors.push((keyword, states, *span)),
            }
        }
        f
    }

    /// Reports every entry of a body that was not taken.
    fn finish(&mut self, f: Fields<'_>, ty: Ty, ql: QueryLanguage) {
        let allowed = ty.fields(ql);
        let owner = format!("a {} state", ty.name());
        for (key, k, _, used) in &f.fields {
            if *used {
                continue;
            }
            let other_ql = if ql == QueryLanguage::Jsonata && only_in(k, fields::JSONPATH_ONLY) {
                Some(QueryLanguage::JsonPath)
            } else if ql == QueryLanguage::JsonPath && only_in(k, fields::JSONATA_ONLY) {
                Some(QueryLanguage::Jsonata)
            } else {
                None
            };
            if let Some(other) = other_ql
                && ty.fields(other).contains(&k.as_str())
            {
                let help = match k.as_str() {
                    "parameters" | "input_path" => "use `arguments` instead".to_string(),
                    "arguments" => "use `parameters` instead".to_string(),
                    "result_selector" | "result_path" | "output_path" | "result" => {
                        "use `output` instead".to_string()
                    }
                    _ => format!(
                        "mark the state `#[{}]`, or remove the field",
                        other.as_str().to_ascii_lowercase()
                    ),
                };
                self.rule_error(
                    key,
                    Rule::QueryLanguageMix,
                    &format!(
                        "`{k}` is a {other} field, but this {} state uses {ql}",
                        ty.name()
                    ),
                    Some(&help),
                );
            } else if is_dsl_field(k) {
                self.rule_error(
                    key,
                    Rule::FieldNotAllowed,
                    &format!("`{k}` is not allowed in {owner}"),
                    Some(&format!("{owner} can have: {}", allowed.join(", "))),
                );
            } else {
                self.unknown(key, k, "field", &owner, &allowed);
            }
        }
        if !ty.has_transition() {
            for end in &f.ends {
                self.error(
                    end,
                    format!(
                        "`end` is not allowed in {owner}: it has no transition [field-not-allowed]"
                    ),
                );
            }
        }
        if !ty.has_error_handling() {
            for r in &f.retries {
                self.error(
                    &r.keyword,
                    format!("`retry` is only allowed in task, parallel and map states, not in {owner} [field-not-allowed]"),
                );
            }
            for c in &f.catches {
                self.error(
                    &c.keyword,
                    format!("`catch` is only allowed in task, parallel and map states, not in {owner} [field-not-allowed]"),
                );
            }
        }
        for (kw, _, _) in &f.branches {
            self.error(
                kw,
                format!("`branch` is only allowed in a parallel state, not in {owner}"),
            );
        }
        // A map state's first processor was taken when it was lowered; any left are repeats.
        for (kw, _, _) in &f.processors {
            let message = if ty == Ty::Map {
                "a map state has one `processor { … }`".to_string()
            } else {
                format!("`processor` is only allowed in a map state, not in {owner}")
            };
            self.error(kw, message);
        }
    }

    /// "unknown X `name` in Y; expected one of …" with a did-you-mean.
    fn unknown(
        &mut self,
        tokens: impl ToTokens,
        name: &str,
        what: &str,
        owner: &str,
        allowed: &[&str],
    ) {
        let message = crate::common::unknown(what, name, Some(owner), allowed);
        self.error(tokens, message);
    }

    // ---- transitions, input and output ----

    fn transition(
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

    /// `input_path`, which narrows what the state's other paths read.
    fn input_path(&mut self, f: &mut Fields<'_>, cx: &mut Cx) -> Option<NullablePath> {
        let (key, value) = f.take("input_path")?;
        let p = self.nullable_path(key, value, &cx.at("InputPath"), false)?;
        match &p {
            NullablePath::Null => cx.typed = None,
            NullablePath::Path(path) => {
                if let Some(typed) = &cx.typed {
                    match (path.root == PathRoot::Input)
                        .then(|| path_steps(path, &value.tokens()))
                        .flatten()
                    {
                        Some(steps) => {
                            let mut typed = typed.clone();
                            if !steps.is_empty() {
                                self.type_checks.push(TypeCheck {
                                    ty: typed.ty.clone(),
                                    steps: steps.clone(),
                                    expect: None,
                                });
                            }
                            typed.prefix = steps;
                            cx.typed = Some(typed);
                        }
                        None => cx.typed = None,
                    }
                }
            }
        }
        Some(p)
    }

    /// A path field that may be `null`.
    fn nullable_path(
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

    fn io(
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
                        self.top_template(k, v, &cx.at("ResultSelector"), cx.ql, None)
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
                Io::JsonPath(PathIo {
                    input_path,
                    parameters,
                    result_selector,
                    result_path,
                    output_path,
                })
            }
            QueryLanguage::Jsonata => {
                let arguments = if has_parameters {
                    self.parameters(f, cx, "arguments", "Arguments", derived, integration)
                } else {
                    None
                };
                let output = f
                    .take("output")
                    .and_then(|(k, v)| self.top_template(k, v, &cx.at("Output"), cx.ql, None));
                Io::Jsonata(JsonataIo { arguments, output })
            }
        }
    }

    /// `parameters` (or `arguments`), after the members an integration sets itself.
    fn parameters(
        &mut self,
        f: &mut Fields<'_>,
        cx: &Cx,
        key: &str,
        field: &str,
        mut derived: Vec<(String, Template)>,
        integration: Option<&TokenStream>,
    ) -> Option<Template> {
        let ptr = cx.at(field);
        let written = f.take(key).and_then(|(k, v)| {
            self.top_template(k, v, &ptr, cx.ql, cx.typed.as_ref())
                .map(|t| (v, t))
        });
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

    fn take_assign(&mut self, f: &mut Fields<'_>, cx: &Cx) -> Option<Assign> {
        let (key, value) = f.take("assign")?;
        self.assign(Some(key), value, &cx.at("Assign"), cx.ql)
    }

    /// An `Assign` block: an object of variables.
    fn assign(
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
        match self.template(value, ptr, ql, None, Place::Top)? {
            Template::Object(variables) => Some(Assign { variables }),
            _ => None,
        }
    }

    // ---- values ----

    /// The whole value of a field that takes a payload template.
    fn top_template(
        &mut self,
        key: &Ident,
        value: &ast::Value,
        ptr: &str,
        ql: QueryLanguage,
        typed: Option<&Typed>,
    ) -> Option<Template> {
        self.spans.insert_key(ptr, key);
        self.template(value, ptr, ql, typed, Place::Top)
    }

    /// A value as a payload template (`Parameters`, `Arguments`, `Output`, …).
    fn template(
        &mut self,
        v: &ast::Value,
        ptr: &str,
        ql: QueryLanguage,
        typed: Option<&Typed>,
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
                self.check_path(typed, &p, tokens, None);
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
                self.intrinsic(call, typed)
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
                    if let Some(t) = self.template(item, &p, ql, typed, Place::Item) {
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
                    if let Some(t) = self.template(value, &p, ql, typed, Place::Member) {
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
    fn dynamic_place(&mut self, place: Place, tokens: &TokenStream, what: &str) -> bool {
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
    fn jsonata_string(&mut self, text: &str, lit: &LitStr) -> Option<Template> {
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

    fn jsonata(&mut self, text: &str, lit: &LitStr) -> Option<Jsonata> {
        match Jsonata::parse(text) {
            Ok(j) => Some(j),
            Err(e) => {
                self.rule_error(lit, Rule::JsonataSyntax, &e.message, None);
                None
            }
        }
    }

    fn path(&mut self, text: &str, tokens: &TokenStream) -> Option<Path> {
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

    fn number(&mut self, text: &str, tokens: &TokenStream) -> Option<Number> {
        let clean: String = text.chars().filter(|c| *c != '_').collect();
        if is_json_number(&clean) {
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
    fn seconds(&mut self, v: &ast::Value, what: &str) -> Option<Number> {
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
    fn json(&mut self, v: &ast::Value, ptr: &str, what: &str) -> Option<Json> {
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
    fn dyn_number(
        &mut self,
        key: Option<&Ident>,
        v: &ast::Value,
        base: &str,
        field: &str,
        ql: QueryLanguage,
        typed: Option<&Typed>,
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
                if let Some(p) = &p {
                    self.check_path(typed, p, tokens, Some(Expect::Number));
                }
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
    fn dyn_string(&mut self, v: &ast::Value, cx: &Cx, field: &str) -> Option<Dyn<String>> {
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
                self.check_path(cx.typed.as_ref(), &p, tokens, Some(Expect::String));
                Some(Dyn::Path(Dynamic::Path(p)))
            }
            ast::Value::Call(call) if cx.jsonpath() => {
                self.spans.insert(path_ptr, call.tokens.clone());
                let i = self.intrinsic(call, cx.typed.as_ref())?;
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
    fn intrinsic(&mut self, call: &ast::Call, typed: Option<&Typed>) -> Option<Intrinsic> {
        let mut text = String::new();
        if !self.intrinsic_text(call, typed, &mut text) {
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

    fn intrinsic_text(
        &mut self,
        call: &ast::Call,
        typed: Option<&Typed>,
        out: &mut String,
    ) -> bool {
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
                    Some(p) => {
                        self.check_path(typed, &p, tokens, None);
                        out.push_str(text);
                    }
                    None => ok = false,
                },
                ast::Value::Call(inner) => ok &= self.intrinsic_text(inner, typed, out),
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

    /// Records a check of `path` against the declared input type, when there is one.
    fn check_path(
        &mut self,
        typed: Option<&Typed>,
        path: &Path,
        tokens: &TokenStream,
        expect: Option<Expect>,
    ) {
        let Some(typed) = typed else { return };
        if path.root != PathRoot::Input {
            return;
        }
        let (steps, expect) = match path_steps(path, tokens) {
            Some(steps) => (steps, expect),
            // A wildcard, slice or filter: check the part before it, whatever it holds.
            None => (path_steps_prefix(path, tokens), None),
        };
        let mut all = typed.prefix.clone();
        all.extend(steps);
        if all.is_empty() {
            return;
        }
        self.type_checks.push(TypeCheck {
            ty: typed.ty.clone(),
            steps: all,
            expect,
        });
    }

    // ---- Task ----

    fn task(
        &mut self,
        integration: &ast::Integration,
        f: &mut Fields<'_>,
        cx: &Cx,
        input_path: Option<NullablePath>,
        fallthrough: Option<String>,
    ) -> Task {
        let params_field = if cx.jsonpath() {
            "Parameters"
        } else {
            "Arguments"
        };
        let resource_ptr = cx.at("Resource");
        let (resource, mut derived, lambda, tokens) = match integration {
            ast::Integration::Service {
                path,
                args,
                pattern,
                tokens,
            } => {
                // A misspelt service or action is reported on its own word, not on the whole
                // integration (the first span recorded for a pointer wins).
                if let Some(word) = misspelt_integration_word(path) {
                    self.spans.insert(resource_ptr.clone(), word);
                }
                self.spans.insert(resource_ptr.clone(), tokens.clone());
                let (resource, derived, lambda) = self.service(
                    path,
                    args,
                    pattern.as_ref(),
                    tokens,
                    cx,
                    &resource_ptr,
                    params_field,
                );
                (resource, derived, lambda, tokens.clone())
            }
            ast::Integration::Activity { keyword, arn }
            | ast::Integration::Resource { keyword, arn } => {
                self.spans.insert(resource_ptr.clone(), arn.tokens());
                let resource = match arn {
                    ast::Value::Str(s) => Resource::Arn(s.value()),
                    ast::Value::Object { members, .. }
                        if members.len() == 1
                            && (members[0].0 == "Ref" || members[0].0.starts_with("Fn::")) =>
                    {
                        match self.json(arn, &resource_ptr, "a CloudFormation intrinsic") {
                            Some(j) => Resource::Cfn(j),
                            None => Resource::Arn(String::new()),
                        }
                    }
                    other => {
                        self.rule_error(
                            other.tokens(),
                            Rule::WrongType,
                            &format!("`{}(…)` takes the ARN as a string", ident_text(keyword)),
                            None,
                        );
                        Resource::Arn(String::new())
                    }
                };
                (resource, Vec::new(), false, keyword.to_token_stream())
            }
        };
        if let Some((key, value)) = f.take("payload") {
            if lambda {
                let written = if cx.jsonpath()
                    && matches!(value, ast::Value::Path { .. } | ast::Value::Call(_))
                {
                    "Payload.$"
                } else {
                    "Payload"
                };
                let ptr = pointer_push(&cx.at(params_field), written);
                self.spans.insert_key(ptr.clone(), key);
                if let Some(t) = self.template(value, &ptr, cx.ql, cx.typed.as_ref(), Place::Member)
                {
                    derived.push(("Payload".to_string(), t));
                }
            } else {
                self.error(
                    key,
                    format!("`payload` is the request of `lambda::invoke`; put the request of this integration in `{}: {{ … }}` [field-not-allowed]", params_field.to_ascii_lowercase()),
                );
            }
        }
        let io = self.io(f, cx, Ty::Task, input_path, derived, Some(&tokens));
        let timeout = f.take("timeout").and_then(|(k, v)| {
            self.dyn_number(
                Some(k),
                v,
                &cx.ptr,
                "TimeoutSeconds",
                cx.ql,
                cx.typed.as_ref(),
            )
        });
        let heartbeat = f.take("heartbeat").and_then(|(k, v)| {
            self.dyn_number(
                Some(k),
                v,
                &cx.ptr,
                "HeartbeatSeconds",
                cx.ql,
                cx.typed.as_ref(),
            )
        });
        let credentials = f
            .take("credentials")
            .and_then(|(k, v)| self.credentials(k, v, cx));
        let (retry, catch) = self.error_handling(f, cx);
        let assign = self.take_assign(f, cx);
        let transition = self.transition(f, cx, fallthrough);
        Task {
            resource,
            io,
            timeout,
            heartbeat,
            credentials,
            retry,
            catch,
            assign,
            transition,
        }
    }

    /// `service::action(arg).pattern`: the Resource, the members its argument sets, and whether
    /// it is `lambda::invoke`.
    #[allow(clippy::too_many_arguments)]
    fn service(
        &mut self,
        path: &[Ident],
        args: &[ast::Value],
        pattern: Option<&Ident>,
        tokens: &TokenStream,
        cx: &Cx,
        resource_ptr: &str,
        params_field: &str,
    ) -> (Resource, Vec<(String, Template)>, bool) {
        let names: Vec<String> = path.iter().map(ident_text).collect();
        let (service, action, sdk) = match names.as_slice() {
            [sdk, service, action] if sdk == "aws_sdk" => {
                (service.replace('_', ""), camel_case(action), true)
            }
            [service, action] if service != "aws_sdk" => {
                let service = workflow_core::catalog::dsl_service(service)
                    .map_or_else(|| service.replace('_', "-"), |s| s.name.to_string());
                (service, camel_case(action), false)
            }
            _ => {
                self.error(
                    tokens,
                    "expected `service::action` (e.g. `lambda::invoke`, `sqs::send_message`) or `aws_sdk::service::action` (e.g. `aws_sdk::s3::list_objects_v2`)",
                );
                return (Resource::Arn(String::new()), Vec::new(), false);
            }
        };
        let base = if sdk {
            format!("arn:aws:states:::aws-sdk:{service}:{action}")
        } else {
            format!("arn:aws:states:::{service}:{action}")
        };
        let arn_without_pattern = base.clone();
        let mut arn = base.clone();
        if let Some(p) = pattern {
            use workflow_core::catalog::Pattern;
            let written = ident_text(p);
            let suffix = match Pattern::ALL
                .into_iter()
                .find(|pat| pat.dsl_name() == Some(written.as_str()))
            {
                Some(pat) => pat.suffix(),
                None => {
                    let names: Vec<&str> =
                        Pattern::ALL.iter().filter_map(|p| p.dsl_name()).collect();
                    self.unknown(p, &written, "integration pattern", "a task", &names);
                    ""
                }
            };
            arn.push_str(suffix);
            self.spans.patterns.push(PatternSpan {
                pointer: resource_ptr.to_string(),
                tokens: p.to_token_stream(),
                base,
            });
        }
        let mut derived = Vec::new();
        // An integration the validator does not know is reported there; its arguments cannot be
        // checked against a service that does not exist.
        let known =
            sdk || workflow_core::validate::resource::classify(&arn_without_pattern).is_ok();
        if !args.is_empty() && known {
            let main = workflow_core::catalog::action(&service, &action)
                .filter(|_| !sdk)
                .and_then(|a| a.main_parameter);
            match (main, args) {
                (Some(param), [arg]) => {
                    let dynamic = cx.jsonpath()
                        && matches!(arg, ast::Value::Path { .. } | ast::Value::Call(_));
                    let written = if dynamic {
                        format!("{param}.$")
                    } else {
                        param.to_string()
                    };
                    let ptr = pointer_push(&cx.at(params_field), &written);
                    if let Some(t) =
                        self.template(arg, &ptr, cx.ql, cx.typed.as_ref(), Place::Member)
                    {
                        derived.push((param.to_string(), t));
                    }
                }
                (Some(param), _) => self.error(
                    args[1].tokens(),
                    format!("`{}` takes one argument, its `{param}`", names.join("::")),
                ),
                (None, _) => self.error(
                    args[0].tokens(),
                    format!(
                        "`{}` takes no argument; put its request in `{}: {{ … }}`",
                        names.join("::"),
                        params_field.to_ascii_lowercase()
                    ),
                ),
            }
        }
        let lambda = !sdk && service == "lambda" && action == "invoke";
        (Resource::Arn(arn), derived, lambda)
    }

    /// `credentials: "arn:aws:iam::…"` → `{"RoleArn": …}`, or the object as written.
    fn credentials(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<Template> {
        let ptr = cx.at("Credentials");
        self.spans.insert_key(ptr.clone(), key);
        match v {
            ast::Value::Object { .. } => {
                self.template(v, &ptr, cx.ql, cx.typed.as_ref(), Place::Top)
            }
            ast::Value::Str(_) | ast::Value::Path { .. } | ast::Value::Call(_) => {
                self.spans.insert(ptr.clone(), v.tokens());
                let dynamic = cx.jsonpath() && !matches!(v, ast::Value::Str(_));
                let written = if dynamic { "RoleArn.$" } else { "RoleArn" };
                let role = self.template(
                    v,
                    &pointer_push(&ptr, written),
                    cx.ql,
                    cx.typed.as_ref(),
                    Place::Member,
                )?;
                Some(Template::Object(vec![("RoleArn".to_string(), role)]))
            }
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "`credentials` takes the role to assume: `credentials: \"arn:aws:iam::123456789012:role/Name\"`",
                    None,
                );
                None
            }
        }
    }

    // ---- Retry and Catch ----

    fn error_handling(&mut self, f: &mut Fields<'_>, cx: &Cx) -> (Vec<Retrier>, Vec<Catcher>) {
        let retries = std::mem::take(&mut f.retries);
        let catches = std::mem::take(&mut f.catches);
        let mut retry = Vec::with_capacity(retries.len());
        for (i, r) in retries.into_iter().enumerate() {
            if i == 0 {
                self.spans.insert(cx.at("Retry"), &r.keyword);
            }
            retry.push(self.retrier(r, &pointer_push(&cx.at("Retry"), &i.to_string())));
        }
        let mut catch = Vec::with_capacity(catches.len());
        for (i, c) in catches.into_iter().enumerate() {
            if i == 0 {
                self.spans.insert(cx.at("Catch"), &c.keyword);
            }
            catch.push(self.catcher(c, &pointer_push(&cx.at("Catch"), &i.to_string()), cx));
        }
        (retry, catch)
    }

    fn error_names(
        &mut self,
        names: &[ast::ErrorName],
        span: Span,
        keyword: &Ident,
        ptr: &str,
    ) -> Vec<String> {
        self.spans.insert(ptr, span_tokens(span));
        if names.is_empty() {
            self.rule_error(
                span_tokens(span),
                Rule::EmptyValue,
                &format!("`{}` needs at least one error name", ident_text(keyword)),
                Some("list the errors to match, e.g. `[States.ALL]`"),
            );
        }
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                self.spans
                    .insert(pointer_push(ptr, &i.to_string()), n.tokens.clone());
                n.name.clone()
            })
            .collect()
    }

    fn retrier(&mut self, r: &ast::Retrier, ptr: &str) -> Retrier {
        self.spans.insert(ptr, &r.keyword);
        self.spans.insert_key(ptr, &r.keyword);
        let error_equals = self.error_names(
            &r.errors,
            r.errors_span,
            &r.keyword,
            &pointer_push(ptr, "ErrorEquals"),
        );
        let number = |l: &mut Self, v: &Option<ast::Value>, field: &str, duration: bool| {
            let v = v.as_ref()?;
            l.spans.insert(pointer_push(ptr, field), v.tokens());
            match v {
                ast::Value::Number { text, tokens } => l.number(text, tokens),
                ast::Value::Duration { seconds, .. } if duration => Some(seconds_number(*seconds)),
                other => {
                    l.rule_error(
                        other.tokens(),
                        Rule::WrongType,
                        &format!(
                            "`{field}` takes a {}",
                            if duration {
                                "duration such as `1s`"
                            } else {
                                "number"
                            }
                        ),
                        None,
                    );
                    None
                }
            }
        };
        let interval_seconds = number(self, &r.interval, "IntervalSeconds", true);
        let max_attempts = number(self, &r.max_attempts, "MaxAttempts", false);
        let backoff_rate = number(self, &r.backoff, "BackoffRate", false);
        let max_delay_seconds = number(self, &r.max_delay, "MaxDelaySeconds", true);
        let jitter_strategy = r.jitter.as_ref().and_then(|j| {
            self.spans.insert(pointer_push(ptr, "JitterStrategy"), j);
            match ident_text(j).as_str() {
                "full" => Some(JitterStrategy::Full),
                "none" => Some(JitterStrategy::None),
                other => {
                    self.unknown(j, other, "jitter strategy", "a retrier", &["full", "none"]);
                    None
                }
            }
        });
        Retrier {
            comment: None,
            error_equals,
            interval_seconds,
            max_attempts,
            backoff_rate,
            max_delay_seconds,
            jitter_strategy,
        }
    }

    fn catcher(&mut self, c: &ast::Catcher, ptr: &str, cx: &Cx) -> Catcher {
        self.spans.insert(ptr, &c.keyword);
        self.spans.insert_key(ptr, &c.keyword);
        let error_equals = self.error_names(
            &c.errors,
            c.errors_span,
            &c.keyword,
            &pointer_push(ptr, "ErrorEquals"),
        );
        let next_ptr = pointer_push(ptr, "Next");
        self.spans.insert(next_ptr, &c.next);
        let result_path = c.result_path.as_ref().and_then(|v| {
            if !cx.jsonpath() {
                self.rule_error(
                    v.tokens(),
                    Rule::QueryLanguageMix,
                    "`result_path` is a JSONPath field, but this state uses JSONata",
                    Some("use `output` instead"),
                );
                return None;
            }
            let p = pointer_push(ptr, "ResultPath");
            self.spans.insert(p, v.tokens());
            match v {
                ast::Value::Null(_) => Some(NullablePath::Null),
                ast::Value::Path { text, tokens } => {
                    self.path(text, tokens).map(NullablePath::Path)
                }
                other => {
                    self.rule_error(
                        other.tokens(),
                        Rule::WrongType,
                        "`result_path` takes a path such as `$.error` or `null`",
                        None,
                    );
                    None
                }
            }
        });
        let output = c.output.as_ref().and_then(|v| {
            if cx.jsonpath() {
                self.rule_error(
                    v.tokens(),
                    Rule::QueryLanguageMix,
                    "`output` is a JSONata field, but this state uses JSONPath",
                    Some("use `result_path` instead"),
                );
                return None;
            }
            self.template(v, &pointer_push(ptr, "Output"), cx.ql, None, Place::Top)
        });
        let assign = c
            .assign
            .as_ref()
            .and_then(|v| self.assign(None, v, &pointer_push(ptr, "Assign"), cx.ql));
        Catcher {
            comment: None,
            error_equals,
            next: ident_text(&c.next),
            result_path,
            output,
            assign,
        }
    }

    // ---- Choice ----

    fn choice(&mut self, arms: &[ast::ChoiceArm], cx: &Cx) -> Choice {
        let mut choices = Vec::new();
        let mut default: Option<String> = None;
        let mut assign = None;
        let mut output = None;
        for arm in arms {
            let Some(cond) = &arm.cond else {
                if default.is_some() {
                    self.error(&arm.tokens, "a choice has one default arm `_ => State`");
                    continue;
                }
                self.spans.insert(cx.at("Default"), &arm.next);
                default = Some(ident_text(&arm.next));
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
                self.condition(cond, &ptr, cx)
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
            if let Some(condition) = condition {
                choices.push(ChoiceRule {
                    comment: None,
                    condition,
                    next: ident_text(&arm.next),
                    assign: rule_assign,
                    output: rule_output,
                });
            } else {
                // Keep the index of later rules aligned with their pointers.
                choices.push(ChoiceRule {
                    comment: None,
                    condition: Condition::Jsonata(Template::Bool(false)),
                    next: ident_text(&arm.next),
                    assign: rule_assign,
                    output: rule_output,
                });
            }
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
            Io::Jsonata(JsonataIo {
                arguments: None,
                output,
            })
        };
        Choice {
            choices,
            default,
            io,
            assign,
        }
    }

    fn arm_output(&mut self, v: &ast::Value, ptr: &str, cx: &Cx) -> Option<Template> {
        if cx.jsonpath() {
            self.rule_error(
                v.tokens(),
                Rule::QueryLanguageMix,
                "`output` is a JSONata field, but this state uses JSONPath",
                Some("mark the state `#[jsonata]`"),
            );
            return None;
        }
        self.template(v, ptr, cx.ql, None, Place::Top)
    }

    /// A JSONPath condition at `ptr` (the rule object, or a nested one).
    fn condition(&mut self, c: &ast::Cond, ptr: &str, cx: &Cx) -> Option<Condition> {
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
                    if let Some(cond) = self.condition(inner, &p, cx) {
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
                self.condition(inner, &p, cx)
                    .map(|c| Condition::Not(Box::new(c)))
            }
            ast::Cond::Compare {
                left,
                op,
                op_tokens,
                right,
                tokens,
            } => self.compare(left, *op, op_tokens, right, tokens, ptr, cx),
            ast::Cond::Call(call) => self.test(call, ptr, cx),
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
    fn side(&mut self, v: &ast::Value) -> Option<Side> {
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
    fn compare(
        &mut self,
        left: &ast::Value,
        op: ast::CompareOp,
        op_tokens: &TokenStream,
        right: &ast::Value,
        tokens: &TokenStream,
        ptr: &str,
        cx: &Cx,
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
                cx,
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
            let inner = self.comparison(
                &not,
                var,
                &var_tokens,
                operator,
                operand,
                &operand_tokens,
                cx,
            );
            Some(Condition::Not(Box::new(inner)))
        } else {
            Some(self.comparison(
                ptr,
                var,
                &var_tokens,
                operator,
                operand,
                &operand_tokens,
                cx,
            ))
        }
    }

    /// `Variable` + operator + operand at `ptr`, with their tokens and type checks.
    #[allow(clippy::too_many_arguments)]
    fn comparison(
        &mut self,
        ptr: &str,
        variable: Path,
        variable_tokens: &TokenStream,
        operator: Operator,
        operand: Operand,
        operand_tokens: &TokenStream,
        cx: &Cx,
    ) -> Condition {
        self.spans
            .insert(pointer_push(ptr, "Variable"), variable_tokens.clone());
        self.spans.insert(
            pointer_push(ptr, &operator.field_name(&operand)),
            operand_tokens.clone(),
        );
        let expect = match operator {
            Operator::IsNull
            | Operator::IsPresent
            | Operator::IsNumeric
            | Operator::IsString
            | Operator::IsBoolean
            | Operator::IsTimestamp => None,
            op => Some(match op.operand_kind() {
                OperandKind::String => Expect::String,
                OperandKind::Number => Expect::Number,
                OperandKind::Bool => Expect::Bool,
                OperandKind::Timestamp => Expect::Timestamp,
            }),
        };
        self.check_path(cx.typed.as_ref(), &variable, variable_tokens, expect);
        if let Operand::Path(p) = &operand {
            self.check_path(cx.typed.as_ref(), p, operand_tokens, expect);
        }
        Condition::Compare(Comparison {
            variable,
            operator,
            operand,
        })
    }

    /// `is_present($.x)`, `matches($.s, "a*")`, …
    fn test(&mut self, call: &ast::Call, ptr: &str, cx: &Cx) -> Option<Condition> {
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
                cx,
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
            cx,
        ))
    }

    // ---- Wait ----

    fn wait(&mut self, what: &ast::WaitWhat, cx: &Cx) -> WaitFor {
        match what {
            ast::WaitWhat::Seconds(v) => WaitFor::Seconds(
                self.dyn_number(None, v, &cx.ptr, "Seconds", cx.ql, cx.typed.as_ref())
                    .unwrap_or(Dyn::Value(Number::from(1i64))),
            ),
            ast::WaitWhat::Until { keyword, at } => {
                let field = match at {
                    ast::Value::Path { .. } if cx.jsonpath() => "TimestampPath",
                    _ => "Timestamp",
                };
                self.spans.insert_key(cx.at(field), keyword);
                let ts = match at {
                    ast::Value::Str(s) => {
                        self.spans.insert(cx.at("Timestamp"), s);
                        let text = s.value();
                        if !cx.jsonpath() && jsonata::is_expression(&text) {
                            self.jsonata(&text, s).map(Dyn::Expr)
                        } else {
                            Some(Dyn::Value(text))
                        }
                    }
                    ast::Value::Path { text, tokens } if cx.jsonpath() => {
                        self.spans.insert(cx.at("TimestampPath"), tokens.clone());
                        self.path(text, tokens).map(|p| {
                            self.check_path(cx.typed.as_ref(), &p, tokens, Some(Expect::Timestamp));
                            Dyn::Path(Dynamic::Path(p))
                        })
                    }
                    other => {
                        self.rule_error(
                            other.tokens(),
                            Rule::WrongType,
                            "`wait until` takes a timestamp string such as \"2026-01-01T00:00:00Z\" or a path",
                            None,
                        );
                        None
                    }
                };
                WaitFor::Timestamp(ts.unwrap_or(Dyn::Value(String::new())))
            }
        }
    }

    // ---- Map ----

    fn map(
        &mut self,
        body: TokenStream,
        f: &mut Fields<'_>,
        cx: &Cx,
        input_path: Option<NullablePath>,
        fallthrough: Option<String>,
    ) -> Map {
        let processors = std::mem::take(&mut f.processors);
        let processor_ptr = cx.at("ItemProcessor");
        let config = f
            .take("mode")
            .and_then(|(k, v)| self.mode(k, v, &processor_ptr));
        let scope = match processors.first() {
            Some((kw, states, span)) => {
                self.spans.insert(processor_ptr.clone(), *kw);
                let scope = self.scope(
                    states,
                    &processor_ptr,
                    None,
                    span_tokens(*span),
                    "a processor",
                );
                // Leave the repeats for `finish` to report.
                f.processors = processors[1..].to_vec();
                scope
            }
            None => {
                self.rule_error(
                    body,
                    Rule::MapProcessor,
                    "a map state needs a `processor { … }` with the states to run for each item",
                    None,
                );
                Scope::default()
            }
        };
        let items = f.take("items").and_then(|(k, v)| match (v, cx.ql) {
            (ast::Value::Path { text, tokens }, QueryLanguage::JsonPath) => {
                let ptr = cx.at("ItemsPath");
                self.spans.insert_key(ptr.clone(), k);
                self.spans.insert(ptr, tokens.clone());
                let p = self.path(text, tokens)?;
                self.check_path(cx.typed.as_ref(), &p, tokens, None);
                Some(Items::Path(p))
            }
            (ast::Value::Array { .. }, QueryLanguage::Jsonata) => self
                .top_template(k, v, &cx.at("Items"), cx.ql, None)
                .map(Items::Jsonata),
            (ast::Value::Str(s), QueryLanguage::Jsonata) if jsonata::is_expression(&s.value()) => {
                self.top_template(k, v, &cx.at("Items"), cx.ql, None)
                    .map(Items::Jsonata)
            }
            (other, QueryLanguage::JsonPath) => {
                let rule = if matches!(other, ast::Value::Array { .. }) {
                    Rule::QueryLanguageMix
                } else {
                    Rule::WrongType
                };
                self.rule_error(
                    other.tokens(),
                    rule,
                    "in a JSONPath state `items` is a path such as `$.orders`",
                    Some("an array or a JSONata expression needs a `#[jsonata]` state"),
                );
                None
            }
            (other, QueryLanguage::Jsonata) => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "in a JSONata state `items` is an array or a `\"{% … %}\"` expression",
                    None,
                );
                None
            }
        });
        let item_selector = f.take("item_selector").and_then(|(k, v)| {
            self.top_template(k, v, &cx.at("ItemSelector"), cx.ql, cx.typed.as_ref())
        });
        let item_reader = f.take("reader").and_then(|(k, v)| self.reader(k, v, cx));
        let item_batcher = f.take("batcher").and_then(|(k, v)| self.batcher(k, v, cx));
        let result_writer = f.take("writer").and_then(|(k, v)| self.writer(k, v, cx));
        let dyn_field = |l: &mut Self, f: &mut Fields<'_>, key: &str, field: &str| {
            f.take(key).and_then(|(k, v)| {
                l.dyn_number(Some(k), v, &cx.ptr, field, cx.ql, cx.typed.as_ref())
            })
        };
        let max_concurrency = dyn_field(self, f, "max_concurrency", "MaxConcurrency");
        let tolerated_failure_percentage = dyn_field(
            self,
            f,
            "tolerated_failure_percentage",
            "ToleratedFailurePercentage",
        );
        let tolerated_failure_count =
            dyn_field(self, f, "tolerated_failure_count", "ToleratedFailureCount");
        let label = f.take("label").and_then(|(k, v)| {
            let ptr = cx.at("Label");
            self.spans.insert_key(ptr.clone(), k);
            self.spans.insert(ptr, v.tokens());
            match v {
                ast::Value::Str(s) => Some(s.value()),
                other => {
                    self.rule_error(
                        other.tokens(),
                        Rule::WrongType,
                        "`label` takes a string",
                        None,
                    );
                    None
                }
            }
        });
        let io = self.io(f, cx, Ty::Map, input_path, Vec::new(), None);
        let (retry, catch) = self.error_handling(f, cx);
        let assign = self.take_assign(f, cx);
        let transition = self.transition(f, cx, fallthrough);
        Map {
            processor: Processor {
                legacy_iterator: false,
                config,
                scope,
            },
            items,
            item_selector,
            legacy_parameters: false,
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
        }
    }

    /// `mode: inline`, `mode: distributed(express)`.
    fn mode(
        &mut self,
        key: &Ident,
        v: &ast::Value,
        processor_ptr: &str,
    ) -> Option<ProcessorConfig> {
        let ptr = pointer_push(processor_ptr, "ProcessorConfig");
        self.spans.insert_key(ptr.clone(), key);
        self.spans.insert(ptr.clone(), v.tokens());
        self.spans.insert(pointer_push(&ptr, "Mode"), v.tokens());
        let expected = "expected `mode: inline`, `mode: distributed(standard)` or `mode: distributed(express)`";
        let (mode, arg) = match v {
            ast::Value::Word { words, .. } if words.len() == 1 => (ident_text(&words[0]), None),
            ast::Value::Call(c) if c.args.len() <= 1 => (c.name.clone(), c.args.first()),
            other => {
                self.rule_error(other.tokens(), Rule::InvalidValue, expected, None);
                return None;
            }
        };
        let mode = match mode.as_str() {
            "inline" if arg.is_none() => ProcessorMode::Inline,
            "distributed" => ProcessorMode::Distributed,
            _ => {
                self.rule_error(v.tokens(), Rule::InvalidValue, expected, None);
                return None;
            }
        };
        let execution_type = match arg {
            None => None,
            Some(a) => {
                self.spans
                    .insert(pointer_push(&ptr, "ExecutionType"), a.tokens());
                match self.word(a).as_deref() {
                    Some("express") => Some(ExecutionType::Express),
                    Some("standard") => Some(ExecutionType::Standard),
                    _ => {
                        self.rule_error(
                            a.tokens(),
                            Rule::InvalidValue,
                            "the execution type is `standard` or `express`",
                            None,
                        );
                        None
                    }
                }
            }
        };
        Some(ProcessorConfig {
            mode: Some(mode),
            execution_type,
        })
    }

    /// A single identifier used as a value.
    fn word(&mut self, v: &ast::Value) -> Option<String> {
        match v {
            ast::Value::Word { words, .. } if words.len() == 1 => Some(ident_text(&words[0])),
            _ => None,
        }
    }

    /// An enumerated value written as a word (`first_row`) or as the ASL text (`"FIRST_ROW"`).
    fn enum_value<T>(
        &mut self,
        v: &ast::Value,
        ptr: &str,
        what: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<T> {
        self.spans.insert(ptr, v.tokens());
        let text = match v {
            ast::Value::Word { words, .. } if words.len() == 1 => {
                ident_text(&words[0]).to_ascii_uppercase()
            }
            ast::Value::Str(s) => s.value(),
            _ => String::new(),
        };
        let parsed = parse(&text);
        if parsed.is_none() {
            let words: Vec<String> = all.iter().map(|a| a.to_ascii_lowercase()).collect();
            let list = words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut message = format!("{what} is one of {list} [invalid-value]");
            if let Some(m) = closest(&text.to_ascii_lowercase(), words.iter().map(String::as_str)) {
                message.push_str(&format!("\n  = help: did you mean `{m}`?"));
            }
            self.error(v.tokens(), message);
        }
        parsed
    }

    /// The members of a `{ key: value }` configuration object (`reader`, `batcher`, …).
    fn config_members<'a>(
        &mut self,
        key: &Ident,
        v: &'a ast::Value,
        ptr: &str,
    ) -> Option<Vec<(String, TokenStream, &'a ast::Value)>> {
        self.spans.insert_key(ptr, key);
        self.spans.insert(ptr, v.tokens());
        match v {
            ast::Value::Object { members, .. } => Some(
                members
                    .iter()
                    .map(|(k, t, v)| (k.clone(), t.clone(), v))
                    .collect(),
            ),
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!(
                        "`{}` takes an object, e.g. `{} {{ … }}`",
                        ident_text(key),
                        ident_text(key)
                    ),
                    None,
                );
                None
            }
        }
    }

    /// `resource: s3::get_object` or `resource: "arn:…"` of a reader or writer.
    fn map_resource(&mut self, v: &ast::Value, ptr: &str) -> Option<Resource> {
        self.spans.insert(ptr, v.tokens());
        match v {
            ast::Value::Str(s) => Some(Resource::Arn(s.value())),
            ast::Value::Word { words, .. } if words.len() == 2 => {
                let service = ident_text(&words[0]);
                let action = camel_case(&ident_text(&words[1]));
                Some(Resource::Arn(format!(
                    "arn:aws:states:::{service}:{action}"
                )))
            }
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "expected `s3::get_object`, `s3::list_objects_v2`, `s3::put_object` or an ARN string",
                    None,
                );
                None
            }
        }
    }

    fn reader(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<ItemReader> {
        let ptr = cx.at("ItemReader");
        let members = self.config_members(key, v, &ptr)?;
        let params_key = if cx.jsonpath() {
            "Parameters"
        } else {
            "Arguments"
        };
        let config_ptr = pointer_push(&ptr, "ReaderConfig");
        let mut resource = None;
        let mut parameters = None;
        let mut config = ReaderConfig::default();
        let mut has_config = false;
        for (k, kt, value) in members {
            let field = match k.as_str() {
                "resource" => "Resource",
                "parameters" | "arguments" => params_key,
                "input_type" => "InputType",
                "header" => "CSVHeaderLocation",
                "headers" => "CSVHeaders",
                "delimiter" => "CSVDelimiter",
                "manifest_type" => "ManifestType",
                "max_items" => "MaxItems",
                _ => {
                    self.unknown(
                        &kt,
                        &k,
                        "field",
                        "a reader",
                        &[
                            "resource",
                            "parameters",
                            "input_type",
                            "header",
                            "headers",
                            "delimiter",
                            "manifest_type",
                            "max_items",
                        ],
                    );
                    continue;
                }
            };
            let in_config = !matches!(k.as_str(), "resource" | "parameters" | "arguments");
            has_config |= in_config;
            let field_ptr = pointer_push(if in_config { &config_ptr } else { &ptr }, field);
            self.spans.insert_key(field_ptr.clone(), kt.clone());
            match k.as_str() {
                "resource" => resource = self.map_resource(value, &field_ptr),
                "parameters" | "arguments" => {
                    self.spans.insert(field_ptr.clone(), value.tokens());
                    parameters =
                        self.template(value, &field_ptr, cx.ql, cx.typed.as_ref(), Place::Top);
                }
                "input_type" => {
                    config.input_type = self.enum_value(
                        value,
                        &field_ptr,
                        "`input_type`",
                        InputType::parse,
                        &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
                    )
                }
                "header" => {
                    config.csv_header_location = self.enum_value(
                        value,
                        &field_ptr,
                        "`header`",
                        CsvHeaderLocation::parse,
                        &["FIRST_ROW", "GIVEN"],
                    )
                }
                "headers" => config.csv_headers = self.json(value, &field_ptr, "`headers`"),
                "delimiter" => {
                    config.csv_delimiter = self.enum_value(
                        value,
                        &field_ptr,
                        "`delimiter`",
                        CsvDelimiter::parse,
                        &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
                    )
                }
                "manifest_type" => {
                    config.manifest_type = self.enum_value(
                        value,
                        &field_ptr,
                        "`manifest_type`",
                        ManifestType::parse,
                        &["ATHENA_DATA", "S3_INVENTORY"],
                    )
                }
                _ => {
                    config.max_items = self.dyn_number(
                        None,
                        value,
                        &config_ptr,
                        "MaxItems",
                        cx.ql,
                        cx.typed.as_ref(),
                    )
                }
            }
        }
        let Some(resource) = resource else {
            self.rule_error(
                v.tokens(),
                Rule::MissingField,
                "a reader needs `resource`, e.g. `resource: s3::get_object`",
                None,
            );
            return None;
        };
        Some(ItemReader {
            resource,
            parameters,
            reader_config: has_config.then_some(config),
        })
    }

    fn batcher(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<ItemBatcher> {
        let ptr = cx.at("ItemBatcher");
        let members = self.config_members(key, v, &ptr)?;
        let mut b = ItemBatcher::default();
        for (k, kt, value) in members {
            match k.as_str() {
                "max_items" => {
                    self.spans
                        .insert_key(pointer_push(&ptr, "MaxItemsPerBatch"), kt.clone());
                    b.max_items_per_batch = self.dyn_number(
                        None,
                        value,
                        &ptr,
                        "MaxItemsPerBatch",
                        cx.ql,
                        cx.typed.as_ref(),
                    );
                }
                "max_bytes" => {
                    self.spans
                        .insert_key(pointer_push(&ptr, "MaxInputBytesPerBatch"), kt.clone());
                    b.max_input_bytes_per_batch = self.dyn_number(
                        None,
                        value,
                        &ptr,
                        "MaxInputBytesPerBatch",
                        cx.ql,
                        cx.typed.as_ref(),
                    );
                }
                "input" => {
                    let p = pointer_push(&ptr, "BatchInput");
                    self.spans.insert_key(p.clone(), kt.clone());
                    b.batch_input = self.template(value, &p, cx.ql, cx.typed.as_ref(), Place::Top);
                }
                _ => self.unknown(
                    &kt,
                    &k,
                    "field",
                    "a batcher",
                    &["max_items", "max_bytes", "input"],
                ),
            }
        }
        Some(b)
    }

    fn writer(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<ResultWriter> {
        let ptr = cx.at("ResultWriter");
        let members = self.config_members(key, v, &ptr)?;
        let params_key = if cx.jsonpath() {
            "Parameters"
        } else {
            "Arguments"
        };
        let config_ptr = pointer_push(&ptr, "WriterConfig");
        let mut w = ResultWriter::default();
        let mut config = WriterConfig::default();
        let mut has_config = false;
        for (k, kt, value) in members {
            match k.as_str() {
                "resource" => {
                    let p = pointer_push(&ptr, "Resource");
                    self.spans.insert_key(p.clone(), kt.clone());
                    w.resource = self.map_resource(value, &p);
                }
                "parameters" | "arguments" => {
                    let p = pointer_push(&ptr, params_key);
                    self.spans.insert_key(p.clone(), kt.clone());
                    w.parameters = self.template(value, &p, cx.ql, cx.typed.as_ref(), Place::Top);
                }
                "output_type" => {
                    has_config = true;
                    let p = pointer_push(&config_ptr, "OutputType");
                    self.spans.insert_key(p.clone(), kt.clone());
                    config.output_type = self.enum_value(
                        value,
                        &p,
                        "`output_type`",
                        OutputType::parse,
                        &["JSON", "JSONL"],
                    );
                }
                "transformation" => {
                    has_config = true;
                    let p = pointer_push(&config_ptr, "Transformation");
                    self.spans.insert_key(p.clone(), kt.clone());
                    config.transformation = self.enum_value(
                        value,
                        &p,
                        "`transformation`",
                        Transformation::parse,
                        &["NONE", "COMPACT", "FLATTEN"],
                    );
                }
                _ => self.unknown(
                    &kt,
                    &k,
                    "field",
                    "a writer",
                    &["resource", "parameters", "output_type", "transformation"],
                ),
            }
        }
        if has_config {
            if config.output_type.is_none() && config.transformation.is_some() {
                self.rule_error(
                    v.tokens(),
                    Rule::MissingField,
                    "a writer with `transformation` needs `output_type` (`json` or `jsonl`)",
                    None,
                );
            }
            w.writer_config = Some(config);
        }
        Some(w)
    }
}

/// A side of a comparison.
enum Side {
    Path {
        path: Path,
        tokens: TokenStream,
        wrap: Option<OperandKind>,
    },
    Lit(Lit, TokenStream),
}

enum Lit {
    String(String),
    Timestamp(String),
    Number(Number),
    Bool(bool),
    Null,
}

fn kind_noun(k: OperandKind) -> &'static str {
    match k {
        OperandKind::String => "a string",
        OperandKind::Number => "a number",
        OperandKind::Bool => "a boolean",
        OperandKind::Timestamp => "a timestamp",
    }
}

/// The operands of nested `&&` (or `||`) conditions, as one list.
fn flatten<'a>(c: &'a ast::Cond, and: bool, out: &mut Vec<&'a ast::Cond>) {
    match c {
        ast::Cond::And(cs, _) if and => cs.iter().for_each(|c| flatten(c, and, out)),
        ast::Cond::Or(cs, _) if !and => cs.iter().for_each(|c| flatten(c, and, out)),
        other => out.push(other),
    }
}

fn cond_tokens(c: &ast::Cond) -> TokenStream {
    match c {
        ast::Cond::Or(_, t) | ast::Cond::And(_, t) | ast::Cond::Not(_, t) => t.clone(),
        ast::Cond::Compare { tokens, .. } => tokens.clone(),
        ast::Cond::Call(call) => call.tokens.clone(),
        ast::Cond::Jsonata(lit) => lit.to_token_stream(),
    }
}

/// The tokens recorded for a state (its name).
fn cx_tokens(spans: &SpanMap, ptr: &str) -> TokenStream {
    spans.find(ptr, true).cloned().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// An identifier's text without a raw `r#` prefix.
fn ident_text(ident: &Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// The text of `///` lines: one leading space per line removed, surrounding blank space trimmed.
fn doc_text(lit: &LitStr) -> String {
    lit.value()
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Tokens standing for a span (for errors about a span without tokens of its own).
fn span_tokens(span: Span) -> TokenStream {
    let mut g = Group::new(Delimiter::Brace, TokenStream::new());
    g.set_span(span);
    TokenTree::Group(g).into()
}

fn seconds_number(seconds: u64) -> Number {
    Number::from_lexical(seconds.to_string())
}

/// `send_message` → `sendMessage`, `list_objects_v2` → `listObjectsV2`.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A string argument of an intrinsic function, escaped as AWS requires: `\`, `'`, `{` and `}`
/// take a backslash. In the template of `States.Format`, `{}` is a placeholder and stays.
fn escape_intrinsic_string(s: &str, format_template: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if format_template && c == '{' && chars.get(i + 1) == Some(&'}') {
            out.push_str("{}");
            i += 2;
            continue;
        }
        if matches!(c, '\\' | '\'' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b[int_start] == b'0') {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The field and index steps of a path on `$`, each with its tokens; `None` when the path has
/// a segment that is not a plain field or index (a wildcard, slice, filter, …).
fn path_steps(path: &Path, tokens: &TokenStream) -> Option<Vec<(PathStep, TokenStream)>> {
    let steps = path_steps_prefix(path, tokens);
    (steps.len() == path.segments.len()).then_some(steps)
}

/// The leading field and index steps of a path.
fn path_steps_prefix(path: &Path, tokens: &TokenStream) -> Vec<(PathStep, TokenStream)> {
    let found = step_tokens(tokens);
    let mut out = Vec::new();
    for (i, seg) in path.segments.iter().enumerate() {
        let step = match seg {
            Segment::Field(name) => PathStep::Field(name.clone()),
            Segment::Index(n) if *n >= 0 => PathStep::Index(*n as u64),
            _ => break,
        };
        let t = if found.len() == path.segments.len() {
            found[i].clone()
        } else {
            tokens.clone()
        };
        out.push((step, t));
    }
    out
}

/// The tokens of each accessor of a path's tokens: `.name`'s name, `[…]`'s group.
fn step_tokens(tokens: &TokenStream) -> Vec<TokenStream> {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut i = 0;
    while matches!(tts.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '$') {
        i += 1;
    }
    let mut out = Vec::new();
    while i < tts.len() {
        match &tts[i] {
            TokenTree::Punct(p) if p.as_char() == '.' => match tts.get(i + 1) {
                Some(TokenTree::Punct(_)) | None => break,
                Some(next) => {
                    out.push(next.clone().into());
                    i += 2;
                }
            },
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                out.push(TokenTree::Group(g.clone()).into());
                i += 1;
            }
            _ => break,
        }
    }
    out
}

/// The word of a `service::action` integration that names no optimized integration: the service
/// if the service is unknown, else the action if the action is. `None` when both are fine (or
/// for `aws_sdk::…`, which the validator checks as a whole).
fn misspelt_integration_word(path: &[Ident]) -> Option<&Ident> {
    let [service_word, action_word] = path else {
        return None;
    };
    let service = ident_text(service_word);
    let Some(service) = workflow_core::catalog::dsl_service(&service).map(|s| s.name) else {
        return Some(service_word);
    };
    let arn = format!(
        "arn:aws:states:::{service}:{}",
        camel_case(&ident_text(action_word))
    );
    workflow_core::validate::resource::classify(&arn)
        .is_err()
        .then_some(action_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_core::validate::{Options, Validated};

    fn lowered(src: &str) -> Lowered {
        let machine = syn::parse_str::<ast::Machine>(src).expect("the test source parses");
        lower(&machine)
    }

    /// The canonical ASL of a DSL source that lowers and validates without errors.
    fn asl(src: &str) -> String {
        let l = lowered(src);
        let errors: Vec<String> = l.errors.iter().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "lowering errors: {errors:#?}");
        let options = Options {
            machine_type: l.machine.machine_type,
        };
        match Validated::new(&l.machine, &options) {
            Ok(v) => v.to_json_string(),
            Err(d) => panic!("validator errors: {d:#?}"),
        }
    }

    /// The canonical form of an expected ASL text.
    fn canonical(json: &str) -> String {
        let report = workflow_core::check(json, workflow_core::Format::Json, &Options::default());
        let validated = report
            .validated()
            .unwrap_or_else(|| panic!("the expected ASL is invalid: {:#?}", report.diagnostics));
        validated.to_json_string()
    }

    fn assert_asl(src: &str, expected: &str) {
        assert_eq!(asl(src), canonical(expected));
    }

    fn error_messages(src: &str) -> Vec<String> {
        lowered(src)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn lambda_invoke_with_payload_and_timeout() {
        assert_asl(
            r#"
            /// Says hello.
            HelloWorld {
                Hello: task lambda::invoke("${HelloFunction}") {
                    payload: { "Input": $ },
                    timeout: 300,
                }
            }
            "#,
            r#"{
              "Comment": "Says hello.",
              "StartAt": "Hello",
              "States": {
                "Hello": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${HelloFunction}", "Payload": { "Input.$": "$" } },
                  "TimeoutSeconds": 300,
                  "End": true
                }
              }
            }"#,
        );
    }

    #[test]
    fn retry_chain() {
        assert_asl(
            r#"
            Retrying {
                Work: task lambda::invoke("${Fn}") {
                    retry: [CustomerError] every 1s x2 backoff 2.0,
                    retry: [States.TaskFailed] every 1s x2 backoff 2.0,
                    retry: [States.ALL] every 1s x2 backoff 2.0 max_delay 30s jitter full,
                }
            }
            "#,
            r#"{
              "StartAt": "Work",
              "States": {
                "Work": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${Fn}" },
                  "Retry": [
                    { "ErrorEquals": ["CustomerError"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0 },
                    { "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0 },
                    { "ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0,
                      "MaxDelaySeconds": 30, "JitterStrategy": "FULL" }
                  ],
                  "End": true
                }
              }
            }"#,
        );
    }

    #[test]
    fn catch_chain() {
        assert_asl(
            r#"
            Catching {
                Work: task lambda::invoke("${Fn}") {
                    catch: [CustomError] => CustomErrorFallback,
                    catch: [States.TaskFailed] => ReservedTypeFallback,
                    catch: [States.ALL] result_path $.error => CatchAllFallback,
                    end,
                },
                CustomErrorFallback: pass { result: "This is a fallback from a custom Lambda function exception", end },
                ReservedTypeFallback: pass { result: "This is a fallback from a reserved error code", end },
                CatchAllFallback: task lambda::invoke("${Report}") { payload: { "error": $.error } },
            }
            "#,
            r#"{
              "StartAt": "Work",
              "States": {
                "Work": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${Fn}" },
                  "Catch": [
                    { "ErrorEquals": ["CustomError"], "Next": "CustomErrorFallback" },
                    { "ErrorEquals": ["States.TaskFailed"], "Next": "ReservedTypeFallback" },
                    { "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "CatchAllFallback" }
                  ],
                  "End": true
                },
                "CustomErrorFallback": { "Type": "Pass", "Result": "This is a fallback from a custom Lambda function exception", "End": true },
                "ReservedTypeFallback": { "Type": "Pass", "Result": "This is a fallback from a reserved error code", "End": true },
                "CatchAllFallback": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${Report}", "Payload": { "error.$": "$.error" } },
                  "End": true
                }
              }
            }"#,
        );
    }

    #[test]
    fn sqs_wait_for_task_token() {
        assert_asl(
            r#"
            Callback {
                SendMessage: task sqs::send_message("${QueueUrl}").wait_for_task_token {
                    parameters: { "MessageBody": { "Message": "Hello", "TaskToken": $$.Task.Token } },
                    next: Done,
                },
                Done: succeed,
            }
            "#,
            r#"{
              "StartAt": "SendMessage",
              "States": {
                "SendMessage": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {
                    "QueueUrl": "${QueueUrl}",
                    "MessageBody": { "Message": "Hello", "TaskToken.$": "$$.Task.Token" }
                  },
                  "Next": "Done"
                },
                "Done": { "Type": "Succeed" }
              }
            }"#,
        );
    }

    #[test]
    fn activity_with_heartbeat_and_a_year_of_timeout() {
        assert_asl(
            r#"
            #[timeout(2d)]
            #[version("1.0")]
            Manual {
                Approve: task activity("arn:aws:states:us-east-1:123456789012:activity:Approve") {
                    heartbeat: 1h,
                    timeout: 365d,
                }
            }
            "#,
            r#"{
              "Version": "1.0",
              "TimeoutSeconds": 172800,
              "StartAt": "Approve",
              "States": {
                "Approve": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:us-east-1:123456789012:activity:Approve",
                  "TimeoutSeconds": 31536000,
                  "HeartbeatSeconds": 3600,
                  "End": true
                }
              }
            }"#,
        );
    }

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

    #[test]
    fn parallel_and_wait_and_fall_through() {
        assert_asl(
            r#"
            Fanout {
                Start: pass { parameters: { "id": $.id, "greeting": format("Hello, {}! It's {}", $.name, "{late}"), "old.$": "$.old", "same.$": $.same } },
                Fan: parallel {
                    branch {
                        A: pass { result: { "a": 1, "list": [1, "two", null, true] } },
                        B: succeed,
                    },
                    branch {
                        C: wait 5s,
                        D: wait $.delay,
                        E: wait until "2026-01-01T00:00:00Z",
                        F: wait until $.when { output_path: $.x },
                    },
                    result_path: $.out,
                    retry: [States.ALL] x3,
                    next: Done,
                },
                Done: succeed { input_path: $.out },
            }
            "#,
            r#"{
              "StartAt": "Start",
              "States": {
                "Start": {
                  "Type": "Pass",
                  "Parameters": { "id.$": "$.id", "greeting.$": "States.Format('Hello, {}! It\\'s {}', $.name, '\\{late\\}')", "old.$": "$.old", "same.$": "$.same" },
                  "Next": "Fan"
                },
                "Fan": {
                  "Type": "Parallel",
                  "Branches": [
                    { "StartAt": "A", "States": {
                        "A": { "Type": "Pass", "Result": { "a": 1, "list": [1, "two", null, true] }, "Next": "B" },
                        "B": { "Type": "Succeed" } } },
                    { "StartAt": "C", "States": {
                        "C": { "Type": "Wait", "Seconds": 5, "Next": "D" },
                        "D": { "Type": "Wait", "SecondsPath": "$.delay", "Next": "E" },
                        "E": { "Type": "Wait", "Timestamp": "2026-01-01T00:00:00Z", "Next": "F" },
                        "F": { "Type": "Wait", "TimestampPath": "$.when", "OutputPath": "$.x", "End": true } } }
                  ],
                  "ResultPath": "$.out",
                  "Retry": [{ "ErrorEquals": ["States.ALL"], "MaxAttempts": 3 }],
                  "Next": "Done"
                },
                "Done": { "Type": "Succeed", "InputPath": "$.out" }
              }
            }"#,
        );
    }

    #[test]
    fn inline_map() {
        assert_asl(
            r#"
            Shipping {
                Each: map {
                    mode: inline,
                    items: $.orders,
                    item_selector: { "order": $$.Map.Item.Value, "index": $$.Map.Item.Index },
                    max_concurrency: 10,
                    processor {
                        Ship: task lambda::invoke("${Ship}") { payload: $ },
                    },
                    result_path: $.shipped,
                    catch: [States.ALL] => Failed,
                    next: Done,
                },
                Done: succeed,
                Failed: fail { error: $.Error, cause: format("failed: {}", $.Cause) },
            }
            "#,
            r#"{
              "StartAt": "Each",
              "States": {
                "Each": {
                  "Type": "Map",
                  "ItemsPath": "$.orders",
                  "ItemSelector": { "order.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
                  "MaxConcurrency": 10,
                  "ItemProcessor": {
                    "ProcessorConfig": { "Mode": "INLINE" },
                    "StartAt": "Ship",
                    "States": {
                      "Ship": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": { "FunctionName": "${Ship}", "Payload.$": "$" },
                        "End": true
                      }
                    }
                  },
                  "ResultPath": "$.shipped",
                  "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
                  "Next": "Done"
                },
                "Done": { "Type": "Succeed" },
                "Failed": { "Type": "Fail", "ErrorPath": "$.Error", "CausePath": "States.Format('failed: {}', $.Cause)" }
              }
            }"#,
        );
    }

    #[test]
    fn distributed_map() {
        assert_asl(
            r#"
            BigJob {
                Process: map {
                    mode: distributed(express),
                    reader: {
                        resource: s3::get_object,
                        parameters: { "Bucket": "input", "Key": $.key },
                        input_type: csv,
                        header: given,
                        headers: ["id", "amount"],
                        delimiter: comma,
                        max_items: 1000,
                    },
                    batcher: { max_items: 100, max_bytes: 262144, input: { "run": $.run } },
                    writer: {
                        resource: s3::put_object,
                        parameters: { "Bucket": "output", "Prefix": "runs" },
                        output_type: jsonl,
                        transformation: compact,
                    },
                    tolerated_failure_percentage: 5,
                    tolerated_failure_count: $.maxFailures,
                    label: "Process",
                    processor {
                        Work: task aws_sdk::s3::list_objects_v2 { parameters: { "Bucket.$": "$.bucket" } },
                    },
                },
            }
            "#,
            r#"{
              "StartAt": "Process",
              "States": {
                "Process": {
                  "Type": "Map",
                  "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {
                      "InputType": "CSV",
                      "CSVHeaderLocation": "GIVEN",
                      "CSVHeaders": ["id", "amount"],
                      "CSVDelimiter": "COMMA",
                      "MaxItems": 1000
                    },
                    "Parameters": { "Bucket": "input", "Key.$": "$.key" }
                  },
                  "ItemBatcher": { "MaxItemsPerBatch": 100, "MaxInputBytesPerBatch": 262144, "BatchInput": { "run.$": "$.run" } },
                  "ToleratedFailurePercentage": 5,
                  "ToleratedFailureCountPath": "$.maxFailures",
                  "Label": "Process",
                  "ItemProcessor": {
                    "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS" },
                    "StartAt": "Work",
                    "States": {
                      "Work": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                        "Parameters": { "Bucket.$": "$.bucket" },
                        "End": true
                      }
                    }
                  },
                  "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "WriterConfig": { "OutputType": "JSONL", "Transformation": "COMPACT" },
                    "Parameters": { "Bucket": "output", "Prefix": "runs" }
                  },
                  "End": true
                }
              }
            }"#,
        );
    }

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
    fn state_query_language_and_integrations() {
        let l = lowered(
            r#"
            M {
                #[jsonata]
                A: task states::start_execution("${Child}").sync2 { arguments: { "Input": "{% $states.input %}" } },
                B: task ecs::run_task.sync { parameters: { "Cluster": "c" }, credentials: "arn:aws:iam::123456789012:role/R" },
                C: task events::put_events { parameters: { "Entries": [] } },
                D: task resource("arn:aws:lambda:us-east-1:123456789012:function:F"),
                E: task step_functions::start_execution.wait_for_task_token { parameters: { "StateMachineArn": "arn" } },
                F: task http::invoke { parameters: { "ApiEndpoint": "https://example.com", "Method": "GET" }, credentials: $.role },
            }
            "#,
        );
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let states = &l.machine.scope.states;
        assert_eq!(states[0].state.query_language, Some(QueryLanguage::Jsonata));
        let resources: Vec<&str> = states
            .iter()
            .map(|s| match &s.state.kind {
                StateKind::Task(t) => t.resource.as_str().unwrap(),
                _ => "",
            })
            .collect();
        assert_eq!(
            resources,
            [
                "arn:aws:states:::states:startExecution.sync:2",
                "arn:aws:states:::ecs:runTask.sync",
                "arn:aws:states:::events:putEvents",
                "arn:aws:lambda:us-east-1:123456789012:function:F",
                "arn:aws:states:::states:startExecution.waitForTaskToken",
                "arn:aws:states:::http:invoke",
            ]
        );
        let json = Validated::new(&l.machine, &Options::default())
            .unwrap()
            .to_json_string();
        assert!(
            json.contains(r#""RoleArn": "arn:aws:iam::123456789012:role/R""#),
            "{json}"
        );
        assert!(json.contains(r#""RoleArn.$": "$.role""#), "{json}");
        assert!(json.contains(r#""StateMachineArn": "${Child}""#), "{json}");
    }

    #[test]
    fn span_map_pointers() {
        let l = lowered(
            r#"
            M {
                Charge: task lambda::invoke("${Fn}") {
                    payload: { "Input": $.order.id },
                    retry: [States.Timeout, Custom.Error] every 2s,
                    next: CheckOrder,
                },
                CheckOrder: choice {
                    $.a == 1 && !($.b == "x") => Done,
                    _ => Done,
                },
                Done: succeed,
            }
            "#,
        );
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let text = |p: &str, key: bool| {
            l.spans
                .find(p, key)
                .map(|t| t.to_string().replace(' ', ""))
                .unwrap_or_default()
        };
        assert_eq!(text("/States/Charge", true), "Charge");
        assert_eq!(text("/States/Charge/Next", false), "CheckOrder");
        assert_eq!(
            text("/States/Charge/Retry/0/ErrorEquals/1", false),
            "Custom.Error"
        );
        assert_eq!(
            text("/States/Charge/Parameters/Payload/Input.$", false),
            "$.order.id"
        );
        assert_eq!(
            text("/States/Charge/Parameters/Payload/Input.$", true),
            "\"Input\""
        );
        assert_eq!(
            text("/States/Charge/Parameters/FunctionName", false),
            "\"${Fn}\""
        );
        assert_eq!(
            text("/States/CheckOrder/Choices/0/And/1/Not/StringEquals", false),
            "\"x\""
        );
        assert_eq!(
            text("/States/CheckOrder/Choices/0/And/1/Not/Variable", false),
            "$.b"
        );
        assert_eq!(text("/States/CheckOrder/Default", false), "Done");
        assert_eq!(text("/StartAt", false), "Charge");
        // Longest prefix by whole tokens: an unrecorded child falls back to its parent.
        assert_eq!(text("/States/Charge/Retry/0/IntervalSeconds", false), "2s");
        assert_eq!(text("/States/Charge/Nowhere/9", false), "Charge");
        assert_eq!(text("/States/Done", false), "Done");
        assert_eq!(text("/Nothing", false), "M");
    }

    #[test]
    fn find_matches_whole_tokens() {
        let mut spans = SpanMap::default();
        spans.insert("", quote::quote!(root));
        spans.insert("/States/A", quote::quote!(a));
        spans.insert("/States/AB/Next", quote::quote!(ab_next));
        spans.insert_key("/States/A", quote::quote!(a_key));
        let get = |p: &str, k: bool| spans.find(p, k).unwrap().to_string();
        assert_eq!(get("/States/AB", false), "root");
        assert_eq!(get("/States/A/Next", false), "a");
        assert_eq!(get("/States/A", true), "a_key");
        assert_eq!(get("/States/AB/Next/x", false), "ab_next");
    }

    #[test]
    fn typed_input_checks() {
        let l = lowered(
            r#"
            Orders(input = Order) {
                Check: choice {
                    $.total > 100 => Big,
                    $.customer.name == "x" => Big,
                    is_present($.items[0]) => Big,
                    $$.Execution.Id == "x" => Big,
                    _ => Big,
                },
                #[input(Order)]
                Big: task lambda::invoke("${Fn}") {
                    input_path: $.customer,
                    payload: { "name": $.name, "all": array($.tags, "x") },
                },
            }
            "#,
        );
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let checks: Vec<(String, Option<Expect>)> = l
            .type_checks
            .iter()
            .map(|c| {
                let steps: Vec<String> = c
                    .steps
                    .iter()
                    .map(|(s, _)| match s {
                        PathStep::Field(f) => f.clone(),
                        PathStep::Index(i) => i.to_string(),
                    })
                    .collect();
                (steps.join("."), c.expect)
            })
            .collect();
        assert_eq!(
            checks,
            [
                ("total".to_string(), Some(Expect::Number)),
                ("customer.name".to_string(), Some(Expect::String)),
                ("items.0".to_string(), None),
                ("customer".to_string(), None),
                ("customer.name".to_string(), None),
                ("customer.tags".to_string(), None),
            ]
        );
        let last = l.type_checks.last().unwrap();
        assert_eq!(last.steps[0].1.to_string(), "customer");
        assert_eq!(last.steps[1].1.to_string(), "tags");
    }

    #[test]
    fn unknown_and_misplaced_fields() {
        let errors = error_messages(
            r#"
            M {
                A: task lambda::invoke("${Fn}") { timout: 30s, items: $.x, arguments: {} },
                B: succeed { next: A },
                #[jsonata]
                C: pass { parameters: {} },
            }
            "#,
        );
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(
            errors[0].starts_with("unknown field `timout` in a task state; expected one of `next`")
        );
        assert!(
            errors[0].ends_with("= help: did you mean `timeout`?"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("`items` is not allowed in a task state [field-not-allowed]")
        );
        assert!(
            errors[2]
                .starts_with("`arguments` is a JSONata field, but this task state uses JSONPath")
        );
        assert!(errors[3].starts_with("`next` is not allowed in a succeed state"));
        assert!(
            errors[4].ends_with("= help: use `arguments` instead"),
            "{}",
            errors[4]
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

    #[test]
    fn field_tables_follow_the_parser() {
        let jp = QueryLanguage::JsonPath;
        let ata = QueryLanguage::Jsonata;
        assert_eq!(
            Ty::Task.fields(jp),
            [
                "next",
                "input_path",
                "output_path",
                "parameters",
                "result_selector",
                "result_path",
                "payload",
                "timeout",
                "heartbeat",
                "credentials",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Task.fields(ata),
            [
                "next",
                "output",
                "arguments",
                "payload",
                "timeout",
                "heartbeat",
                "credentials",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Pass.fields(jp),
            [
                "next",
                "input_path",
                "output_path",
                "parameters",
                "result",
                "result_path",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Map.fields(ata),
            [
                "next",
                "output",
                "items",
                "item_selector",
                "max_concurrency",
                "tolerated_failure_percentage",
                "tolerated_failure_count",
                "label",
                "mode",
                "reader",
                "batcher",
                "writer",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Choice.fields(jp),
            ["input_path", "output_path", "assign"]
        );
        assert_eq!(Ty::Succeed.fields(ata), ["output"]);
        assert_eq!(Ty::Fail.fields(jp), ["error", "cause"]);
        assert!(only_in("result_path", fields::JSONPATH_ONLY));
        assert!(only_in("arguments", fields::JSONATA_ONLY));
        assert!(
            !only_in("items", fields::JSONPATH_ONLY) && !only_in("items", fields::JSONATA_ONLY)
        );
        assert!(!only_in("payload", fields::JSONATA_ONLY));
    }

    #[test]
    fn helpers() {
        let dsl: Vec<String> = intrinsic::NAMES
            .iter()
            .map(|n| intrinsic_dsl_name(n))
            .collect();
        assert_eq!(dsl[..3], ["format", "string_to_json", "json_to_string"]);
        assert!(dsl.iter().any(|n| n == "base64_encode"));
        assert!(dsl.iter().any(|n| n == "uuid"));
        assert!(dsl.iter().any(|n| n == "array_get_item"));
        assert_eq!(camel_case("send_message"), "sendMessage");
        assert_eq!(camel_case("list_objects_v2"), "listObjectsV2");
        assert_eq!(
            escape_intrinsic_string(r"it's {x} \ ", false),
            r"it\'s \{x\} \\ "
        );
        assert_eq!(escape_intrinsic_string("{} and {x}", true), r"{} and \{x\}");
        assert!(is_json_number("-1.5e3") && is_json_number("0") && !is_json_number("01"));
        assert!(!is_json_number("1.") && !is_json_number("") && !is_json_number("1e"));
    }
}
