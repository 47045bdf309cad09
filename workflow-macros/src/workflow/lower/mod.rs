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
use workflow_core::catalog::camel_case;
use workflow_core::diagnostic::pointer_push;
use workflow_core::did_you_mean::closest;
use workflow_core::expr::intrinsic::{self, ValueKind};
use workflow_core::expr::{Dynamic, Intrinsic, Jsonata, Path, jsonata};
use workflow_core::model::*;
use workflow_core::rules::Rule;
use workflow_core::{Level, LintLevels};

use crate::workflow::syntax as ast;

mod choice;
mod errors;
mod field_names;
mod io;
mod map;
mod states;
mod task;
mod values;

use self::field_names::{Ty, is_dsl_field, only_in};

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
    /// The `service::action` each Task wrote (Resource pointer → `lambda::invok`), so a
    /// diagnostic about an unknown integration can answer in the DSL's words.
    pub integrations: Vec<(String, String)>,
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

    /// The `service::action` written for the Task whose Resource is at `pointer`.
    pub fn integration(&self, pointer: &str) -> Option<&str> {
        self.integrations
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, written)| written.as_str())
    }
}

/// Among `list`, the entry of the deepest pointer that names `pointer` or one of its
/// ancestors, with its depth; at equal depth the first recorded wins, or the last with
/// `last_wins`. Shared by the macros' span maps and the lint levels of a workflow's scopes.
pub(crate) fn best<'a, T>(
    list: &'a [(String, T)],
    pointer: &str,
    last_wins: bool,
) -> Option<(usize, &'a T)> {
    let mut found: Option<(usize, &T)> = None;
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

/// The result of lowering.
#[derive(Debug)]
pub struct Lowered {
    pub machine: StateMachine,
    pub spans: SpanMap,
    /// Errors found while lowering (unknown fields, malformed values); the validator still runs
    /// on what could be built.
    pub errors: Vec<syn::Error>,
    /// The lint levels that `#[allow(…)]`, `#[warn(…)]` and `#[deny(…)]` set, by the pointer
    /// of the machine (`""`) or state they are written on; see [`Lowered::lint_levels_at`].
    pub lint_levels: Vec<(String, LintLevels)>,
    /// `#[input(T)]` on a state, by the state's pointer.
    pub declared_inputs: Vec<(String, Type)>,
    /// `task … -> T`, by the state's pointer.
    pub declared_results: Vec<(String, Type)>,
}

impl Lowered {
    /// The lint levels for a diagnostic at `pointer`: those of the innermost machine or state
    /// around it that sets any, else the defaults.
    pub fn lint_levels_at(&self, pointer: &str) -> &LintLevels {
        lint_levels_at(&self.lint_levels, pointer)
    }

    /// The type `#[input(T)]` declares for the state at `pointer`.
    pub fn declared_input(&self, pointer: &str) -> Option<&Type> {
        self.declared_inputs
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, t)| t)
    }

    /// The result type `-> T` declares for the Task at `pointer`.
    pub fn declared_result(&self, pointer: &str) -> Option<&Type> {
        self.declared_results
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, t)| t)
    }
}

/// A message about lint names with each `code-name` in backticks spelt as the DSL writes it,
/// `code_name`.
fn in_dsl_spelling(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 && !part.contains(' ') {
                part.replace('-', "_")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

fn lint_levels_at<'a>(list: &'a [(String, LintLevels)], pointer: &str) -> &'a LintLevels {
    static DEFAULT: LintLevels = LintLevels::new();
    best(list, pointer, true).map_or(&DEFAULT, |(_, levels)| levels)
}

/// Lowers a parsed `workflow!` invocation to the model. Never fails: what cannot be lowered is
/// reported in [`Lowered::errors`] and left out of the model.
pub fn lower(machine: &ast::Machine) -> Lowered {
    let mut l = Lowerer {
        spans: SpanMap::default(),
        errors: Vec::new(),
        top_ql: QueryLanguage::JsonPath,
        lint_levels: Vec::new(),
        declared_inputs: Vec::new(),
        declared_results: Vec::new(),
    };
    let machine = l.machine(machine);
    Lowered {
        machine,
        spans: l.spans,
        errors: l.errors,
        lint_levels: l.lint_levels,
        declared_inputs: l.declared_inputs,
        declared_results: l.declared_results,
    }
}

// ---------------------------------------------------------------------------------------------
// The lowerer

struct Lowerer {
    spans: SpanMap,
    errors: Vec<syn::Error>,
    top_ql: QueryLanguage,
    lint_levels: Vec<(String, LintLevels)>,
    declared_inputs: Vec<(String, Type)>,
    declared_results: Vec<(String, Type)>,
}

/// Where a state is being lowered.
struct Cx {
    /// The state's pointer, e.g. `/States/Charge`.
    ptr: String,
    ql: QueryLanguage,
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
    branches: Vec<Block<'a>>,
    processors: Vec<Block<'a>>,
}

/// A `branch { … }` or `processor { … }` (or `iterator { … }`) of a state body.
#[derive(Clone, Copy)]
struct Block<'a> {
    keyword: &'a Ident,
    states: &'a [ast::State],
    span: Span,
    docs: Option<&'a LitStr>,
}

impl Lowerer {
    /// The Comment of a retrier, catcher or choice rule at `ptr`, from the `///` lines
    /// before it.
    fn entry_comment(&mut self, docs: Option<&LitStr>, ptr: &str) -> Option<String> {
        let docs = docs?;
        self.spans.insert(pointer_push(ptr, "Comment"), docs);
        Some(doc_text(docs))
    }
}

impl Block<'_> {
    /// The block's states as a scope at `ptr`, with the `///` comment as its Comment.
    fn lower(self, l: &mut Lowerer, ptr: &str, what: &str) -> Scope {
        let mut scope = l.scope(self.states, ptr, span_tokens(self.span), what);
        if let Some(docs) = self.docs {
            l.spans.insert(pointer_push(ptr, "Comment"), docs);
            scope.comment = Some(doc_text(docs));
        }
        scope
    }
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

#[cfg(test)]
mod tests {
    use super::values::intrinsic_dsl_name;
    use super::*;
    use workflow_core::validate::{Options, Validated};

    pub(super) fn lowered(src: &str) -> Lowered {
        let machine = syn::parse_str::<ast::Machine>(src).expect("the test source parses");
        lower(&machine)
    }

    /// The canonical ASL of a DSL source that lowers and validates without errors.
    pub(super) fn asl(src: &str) -> String {
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
    pub(super) fn canonical(json: &str) -> String {
        let report = workflow_core::check(json, workflow_core::Format::Json, &Options::default());
        let validated = report
            .validated()
            .unwrap_or_else(|| panic!("the expected ASL is invalid: {:#?}", report.diagnostics));
        validated.to_json_string()
    }

    pub(super) fn assert_asl(src: &str, expected: &str) {
        assert_eq!(asl(src), canonical(expected));
    }

    pub(super) fn error_messages(src: &str) -> Vec<String> {
        lowered(src)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
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
        assert!(
            Number::is_lexical("-1.5e3") && Number::is_lexical("0") && !Number::is_lexical("01")
        );
        assert!(!Number::is_lexical("1.") && !Number::is_lexical("") && !Number::is_lexical("1e"));
    }
}
