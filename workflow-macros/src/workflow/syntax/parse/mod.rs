//! The parser of the grammar in the [module documentation](super): tokens → [`Machine`].
//!
//! Every node keeps the tokens it was read from, so later stages can point at the most specific
//! token. Errors use the DSL's words (lowercase, no trailing period). Inside a list of states,
//! body entries or choice arms, parsing resumes at the next item after an error, so one run
//! reports several mistakes; they are returned combined with [`Error::combine`].

use std::cell::Cell;
use std::fmt::Display;

use proc_macro2::{Delimiter, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::buffer::Cursor;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{
    Error, Ident, Lit, LitStr, Result, Token, Type, braced, bracketed, parenthesized, token,
};

use super::{
    Attr, Body, Call, Catcher, ChoiceArm, CompareOp, Cond, Entry, ErrorName, Integration, Kind,
    Machine, Retrier, State, Value, WaitWhat,
};

mod attrs;
mod body;
mod choice;
mod duration;
mod path;
mod retry;
mod state;
mod value;

use self::attrs::{Place, parse_data_types, parse_outer};
use self::body::{optional_body, parse_body};
use self::choice::parse_arms;
use self::duration::{parse_duration, parse_number};
use self::path::parse_path;
use self::retry::{parse_catcher, parse_retrier, target_state};
use self::state::parse_states;
use self::value::{parse_list, parse_value};

/// The state kinds, in the order the messages list them.
const KINDS: &[&str] = &[
    "task", "pass", "choice", "wait", "succeed", "fail", "parallel", "map",
];
/// The attributes of the whole workflow.
pub(crate) const MACHINE_ATTRS: &[&str] = &[
    "express", "standard", "jsonata", "jsonpath", "timeout", "version", "name", "allow", "warn",
    "deny",
];
/// The attributes of a state.
pub(crate) const STATE_ATTRS: &[&str] = &[
    "jsonata", "jsonpath", "input", "output", "allow", "warn", "deny",
];
/// The attributes that set the level of lints, as rustc's do.
pub(crate) const LINT_ATTRS: &[&str] = &["allow", "warn", "deny"];
/// The retrier options, for suggestions (`x<N>` is too short to suggest).
const RETRY_OPTIONS: &[&str] = &["every", "backoff", "max_delay", "jitter"];
const CATCH_OPTIONS: &[&str] = &["result_path", "output", "assign"];
const PATTERNS: &[&str] = &["sync", "sync2", "wait_for_task_token"];
/// How deeply states, values and conditions may nest before the parser gives up (instead of
/// overflowing the stack).
const MAX_DEPTH: usize = 48;

const EXPECTED_VALUE: &str = "expected a value: a path like `$.x`, a string, a number, a \
                              duration, `true`, `false`, `null`, `{ … }`, `[ … ]` or a call";

impl Parse for Machine {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut errors = Errors::default();
        let (docs, attrs) = parse_outer(input, Place::Machine, &mut errors)?;
        let vis: syn::Visibility = input.parse().map_err(|e| errors.take_with(e))?;
        let name = match rust_ident(input, "the workflow") {
            Ok(name) => name,
            Err(e) => return Err(errors.take_with(e)),
        };
        let (input_ty, output_ty) = if input.peek(token::Paren) {
            parse_data_types(input).map_err(|e| errors.take_with(e))?
        } else {
            (None, None)
        };
        if !input.peek(token::Brace) {
            let message = format!("expected `{{` with the states of `{name}`");
            return Err(errors.take_with(err_next_or(input, name.span(), message)));
        }
        let content;
        let braces = braced!(content in input);
        let states = match parse_states(&content) {
            Ok(states) => states,
            Err(e) => {
                errors.push(e);
                Vec::new()
            }
        };
        if !input.is_empty() {
            errors.push(err_next(
                input,
                "unexpected tokens after the closing `}` of the workflow",
            ));
        }
        errors.finish(Machine {
            docs,
            attrs,
            vis,
            name,
            input: input_ty,
            output: output_ty,
            states,
            body_span: braces.span.join(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Errors, recovery and token helpers
// ---------------------------------------------------------------------------------------------

/// Errors collected while parsing continues.
#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// All errors so far followed by `error`, which stops the parse.
    fn take_with(&mut self, error: Error) -> Error {
        match self.0.take() {
            Some(mut all) => {
                all.combine(error);
                all
            }
            None => error,
        }
    }

    fn finish<T>(self, value: T) -> Result<T> {
        match self.0 {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }
}

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Counts nesting while it lives.
struct Depth;

impl Depth {
    fn enter(input: ParseStream) -> Result<Depth> {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        let guard = Depth;
        if depth > MAX_DEPTH {
            return Err(err_next(input, "the workflow is nested too deeply"));
        }
        Ok(guard)
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// An error at the next token (the open delimiter of a group), or at the closing delimiter of
/// the enclosing group when there is none.
fn err_next(input: ParseStream, message: impl Display) -> Error {
    match input.cursor().token_tree() {
        Some((TokenTree::Group(group), _)) => Error::new(group.span_open(), message),
        Some((tree, _)) => Error::new(tree.span(), message),
        None => Error::new(input.span(), message),
    }
}

/// Like [`err_next`], but at `fallback` when the input is exhausted.
fn err_next_or(input: ParseStream, fallback: Span, message: impl Display) -> Error {
    if input.is_empty() {
        Error::new(fallback, message)
    } else {
        err_next(input, message)
    }
}

/// The tokens consumed from `input` since `start`.
fn tokens_since(start: Cursor, input: ParseStream) -> TokenStream {
    let end = input.cursor();
    let mut tokens = TokenStream::new();
    let mut cursor = start;
    while cursor < end {
        match cursor.token_tree() {
            Some((tree, next)) => {
                tokens.extend(std::iter::once(tree));
                cursor = next;
            }
            None => break,
        }
    }
    tokens
}

/// The next identifier, keywords included, without consuming it.
fn peek_ident(input: ParseStream) -> Option<Ident> {
    input.cursor().ident().map(|(ident, _)| ident)
}

fn peek_keyword(input: ParseStream, word: &str) -> bool {
    peek_ident(input).is_some_and(|ident| ident == word)
}

/// Consumes the next identifier (keywords included) if there is one.
fn next_ident(input: ParseStream) -> Option<Ident> {
    input
        .step(|cursor| cursor.ident().ok_or_else(|| cursor.error("")))
        .ok()
}

fn peek_punct(input: ParseStream, ch: char) -> bool {
    input
        .cursor()
        .punct()
        .is_some_and(|(punct, _)| punct.as_char() == ch)
}

/// Consumes the next punctuation character if it is `ch`.
fn take_punct(input: ParseStream, ch: char) -> Option<Punct> {
    input
        .step(|cursor| match cursor.punct() {
            Some((punct, rest)) if punct.as_char() == ch => Ok((punct, rest)),
            _ => Err(cursor.error("")),
        })
        .ok()
}

/// A single `:` (not the first half of `::`).
fn is_colon(input: ParseStream) -> bool {
    input.peek(Token![:]) && !input.peek(Token![::])
}

fn cursor_is_colon(cursor: Cursor) -> bool {
    match cursor.punct() {
        Some((punct, rest)) if punct.as_char() == ':' => {
            punct.spacing() == Spacing::Alone
                || rest.punct().is_none_or(|(next, _)| next.as_char() != ':')
        }
        _ => false,
    }
}

/// `IDENT :`, the start of a state or a body field.
fn ident_then_colon(cursor: Cursor) -> bool {
    cursor
        .ident()
        .is_some_and(|(_, rest)| cursor_is_colon(rest))
}

/// `( "." IDENT )* "("`: the rest of a call's name, such as `.Format(` in `States.Format(…)`.
fn call_follows(mut cursor: Cursor) -> bool {
    loop {
        if cursor.group(Delimiter::Parenthesis).is_some() {
            return true;
        }
        match cursor.punct() {
            Some((dot, rest)) if dot.as_char() == '.' && dot.spacing() == Spacing::Alone => {
                match rest.ident() {
                    Some((_, rest)) => cursor = rest,
                    None => return false,
                }
            }
            _ => return false,
        }
    }
}

/// What separates the items of a list, for resuming after an error.
#[derive(Clone, Copy)]
enum Boundary {
    State,
    Entry,
    Arm,
}

/// Skips to the start of the next item: past the next `,`, or up to something that starts an
/// item. Always consumes at least one token if the cursor has not moved since `start`.
fn recover(input: ParseStream, start: Cursor, boundary: Boundary) {
    loop {
        if input.is_empty() {
            return;
        }
        if input.peek(Token![,]) {
            let _ = input.parse::<Token![,]>();
            return;
        }
        if input.cursor() != start && at_boundary(input.cursor(), boundary) {
            return;
        }
        if input.parse::<TokenTree>().is_err() {
            return;
        }
    }
}

fn at_boundary(cursor: Cursor, boundary: Boundary) -> bool {
    match boundary {
        Boundary::State => {
            cursor.punct().is_some_and(|(p, _)| p.as_char() == '#') || ident_then_colon(cursor)
        }
        Boundary::Entry => {
            ident_then_colon(cursor)
                || cursor
                    .ident()
                    .is_some_and(|(_, rest)| rest.group(Delimiter::Brace).is_some())
        }
        Boundary::Arm => false,
    }
}

/// `"; did you mean `x`?"` for the closest candidate, or nothing when none is close.
fn suggest(word: &str, candidates: &[&str]) -> String {
    workflow_core::did_you_mean::closest(word, candidates.iter().copied())
        .map(|candidate| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

/// An identifier that may be used in generated Rust code: not a keyword.
fn rust_ident(input: ParseStream, what: &str) -> Result<Ident> {
    if input.peek(Ident) {
        return input.parse();
    }
    match peek_ident(input) {
        Some(word) if word != "_" => Err(Error::new(
            word.span(),
            format!("`{word}` is a Rust keyword and cannot name {what}"),
        )),
        _ => Err(err_next(input, format!("expected the name of {what}"))),
    }
}

/// Stores `value` in an option that must not be set yet.
fn set_once<T>(slot: &mut Option<T>, keyword: &Ident, value: T) -> Result<()> {
    if slot.is_some() {
        return Err(Error::new(
            keyword.span(),
            format!("`{keyword}` is given twice"),
        ));
    }
    *slot = Some(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // --- helpers ------------------------------------------------------------------------------

    pub(super) fn parse(src: &str) -> Machine {
        match syn::parse_str::<Machine>(src) {
            Ok(machine) => machine,
            Err(e) => {
                let all: Vec<String> = e.into_iter().map(|e| e.to_string()).collect();
                panic!("{src}\n→ {}", all.join("\n→ "))
            }
        }
    }

    /// Every error: its message and, when spans carry locations, the source text it covers.
    pub(super) fn errors(src: &str) -> Vec<(String, Option<String>)> {
        match syn::parse_str::<Machine>(src) {
            Ok(_) => panic!("expected an error for {src}"),
            Err(e) => e
                .into_iter()
                .map(|e| (e.to_string(), e.span().source_text()))
                .collect(),
        }
    }

    /// Asserts the first error's message and the token it points at. Span text needs
    /// proc-macro2's `span-locations`; without it only the message is checked.
    pub(super) fn assert_error(src: &str, message: &str, token: &str) {
        let all = errors(src);
        let (first, text) = &all[0];
        assert_eq!(first, message, "for {src}");
        if let Some(text) = text {
            assert_eq!(text, token, "span of `{message}` in {src}");
        }
    }

    pub(super) fn state<'a>(machine: &'a Machine, name: &str) -> &'a State {
        find_state(&machine.states, name).unwrap_or_else(|| panic!("no state {name}"))
    }

    pub(super) fn find_state<'a>(states: &'a [State], name: &str) -> Option<&'a State> {
        states.iter().find(|s| s.name == name)
    }

    pub(super) fn body(kind: &Kind) -> &Body {
        match kind {
            Kind::Task { body, .. }
            | Kind::Pass { body, .. }
            | Kind::Wait { body, .. }
            | Kind::Succeed { body, .. }
            | Kind::Fail { body, .. }
            | Kind::Parallel { body, .. }
            | Kind::Map { body, .. } => body,
            Kind::Choice { .. } => panic!("a choice has no body"),
        }
    }

    pub(super) fn field<'a>(body: &'a Body, key: &str) -> &'a Value {
        body.entries
            .iter()
            .find_map(|entry| match entry {
                Entry::Field { key: k, value } if k == key => Some(value),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no field {key}"))
    }

    pub(super) fn retriers(body: &Body) -> Vec<&Retrier> {
        body.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Retry(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    pub(super) fn catchers(body: &Body) -> Vec<&Catcher> {
        body.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Catch(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    pub(super) fn blocks<'a>(body: &'a Body, keyword: &str) -> Vec<&'a [State]> {
        body.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Branch { states, .. } if keyword == "branch" => Some(states.as_slice()),
                Entry::Processor { states, .. } if keyword == "processor" => {
                    Some(states.as_slice())
                }
                _ => None,
            })
            .collect()
    }

    /// The value of `v: <src>` in a Pass state.
    pub(super) fn value(src: &str) -> Value {
        let mut machine = parse(&format!("W {{ S: pass {{ v: {src} }} }}"));
        let state = machine.states.remove(0);
        let Kind::Pass { mut body, .. } = state.kind else {
            panic!("not a pass")
        };
        match body.entries.remove(0) {
            Entry::Field { value, .. } => value,
            other => panic!("not a field: {other:?}"),
        }
    }

    pub(super) fn path(src: &str) -> String {
        match value(src) {
            Value::Path { text, .. } => text,
            other => panic!("not a path: {other:?}"),
        }
    }

    /// The arms of `choice { <src> }`.
    pub(super) fn arms(src: &str) -> Vec<ChoiceArm> {
        let mut machine = parse(&format!("W {{ C: choice {{ {src} }} }}"));
        match machine.states.remove(0).kind {
            Kind::Choice { arms, .. } => arms,
            other => panic!("not a choice: {other:?}"),
        }
    }

    /// The shape of the condition in `choice { <src> => Next }`.
    pub(super) fn cond(src: &str) -> String {
        let arm = arms(&format!("{src} => Next")).remove(0);
        show_cond(arm.cond.as_ref().expect("a condition"))
    }

    pub(super) fn show(value: &Value) -> String {
        match value {
            Value::Path { text, .. } | Value::Number { text, .. } => text.clone(),
            Value::Str(s) => format!("{:?}", s.value()),
            Value::Duration { seconds, .. } => format!("{seconds}s"),
            Value::Bool { value, .. } => value.to_string(),
            Value::Null(_) => "null".to_owned(),
            Value::Object { members, .. } => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(k, _, v)| format!("{k}: {}", show(v)))
                    .collect();
                format!("{{{}}}", members.join(", "))
            }
            Value::Array { items, .. } => {
                format!(
                    "[{}]",
                    items.iter().map(show).collect::<Vec<_>>().join(", ")
                )
            }
            Value::Call(call) => show_call(call),
            Value::Word { words, .. } => words
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("::"),
        }
    }

    pub(super) fn show_call(call: &Call) -> String {
        let args: Vec<String> = call.args.iter().map(show).collect();
        format!("{}({})", call.name, args.join(", "))
    }

    pub(super) fn show_cond(cond: &Cond) -> String {
        let list = |items: &[Cond]| items.iter().map(show_cond).collect::<Vec<_>>().join(" ");
        match cond {
            Cond::Or(items, _) => format!("(or {})", list(items)),
            Cond::And(items, _) => format!("(and {})", list(items)),
            Cond::Not(inner, _) => format!("(not {})", show_cond(inner)),
            Cond::Compare {
                left, op, right, ..
            } => {
                let op = match op {
                    CompareOp::Eq => "==",
                    CompareOp::Ne => "!=",
                    CompareOp::Lt => "<",
                    CompareOp::Le => "<=",
                    CompareOp::Gt => ">",
                    CompareOp::Ge => ">=",
                };
                format!("({} {op} {})", show(left), show(right))
            }
            Cond::Call(call) => show_call(call),
            Cond::Jsonata(text) => format!("jsonata {:?}", text.value()),
        }
    }

    pub(super) fn count(tokens: &TokenStream) -> usize {
        tokens.clone().into_iter().count()
    }

    // --- a whole workflow ---------------------------------------------------------------------

    pub(super) const ORDER: &str = r#"
        /// Fulfils an order:
        ///  charge, ship, notify.
        #[express]
        #[timeout(1h)]
        #[version("1.0")]
        #[name("order-fulfillment")]
        pub OrderFulfillment(input = Order, output = Receipt) {
            /// Checks the order.
            #[input(Order)]
            Validate: task lambda::invoke("${ValidateFn}") {
                arguments: { "Payload": $, Bucket: "orders", items: [1, 2.5, $.x], neg: -1, none: null, yes: true, },
                result_path: $.validation,
                timeout: 30s,
                heartbeat: 5m,
                retry: [Lambda.ServiceException, States.TaskFailed, "Custom.Error"] every 1s x3 backoff 2.0 max_delay 30s jitter full,
                retry: [States.ALL] every 2s x 5,
                catch: [States.ALL] result_path $.error => Failed,
            },
            Charge: task sqs::send_message.wait_for_task_token {
                arguments: { QueueUrl: "${Queue}", MessageBody: { token: $$.Task.Token, amount: $.total } },
                catch: [States.Timeout, States.TaskFailed] output $.x assign { failed: true } => Failed,
            }
            Route: choice {
                $.total >= 100 && !($.country == "US") => Review,
                is_present($.flag) || $.n < $.m => Review,
                $.ts < timestamp("2026-01-01T00:00:00Z") assign { seen: true } output $.a => Ship,
                matches($.name, "log-*") => Ship,
                "{% $states.input.ok %}" => Ship,
                _ => Ship,
            },
            Review: wait 1h { next: Ship },
            Delay: wait $.delay,
            Until: wait until "2026-01-01T00:00:00Z",
            Until2: wait until $.when { comment: "later" }
            Ship: parallel {
                branch {
                    Label: task aws_sdk::s3::put_object { arguments: { Bucket: "b", Key: format("order {}", $.id) } }
                    Notify: task sns::publish { arguments: { TopicArn: "${Topic}", Message: States.Format("{}", $.id) }, end }
                }
                branch { Log: pass { output: { at: $$.Execution.StartTime } } }
                result_path: $.shipping,
            },
            Each: map {
                items_path: $.items[*],
                max_concurrency: 10,
                mode: distributed,
                reader: s3::get_object,
                item_selector: { value: $$.Map.Item.Value, index: $$.Map.Item.Index },
                processor {
                    Work: task activity("arn:aws:states:us-east-1:123456789012:activity:work"),
                    Run: task states::start_execution.sync("${Child}") { end }
                }
            },
            Done: succeed,
            /// Gives up.
            #[jsonata]
            Failed: fail { error: "OrderFailed", cause: States.Format("order {} failed", $.id) }
        }
    "#;

    #[test]
    fn order_fulfillment() {
        let m = parse(ORDER);
        assert_eq!(m.name, "OrderFulfillment");
        assert!(matches!(m.vis, syn::Visibility::Public(_)));
        assert_eq!(
            m.docs.as_ref().map(LitStr::value).as_deref(),
            Some("Fulfils an order:\n charge, ship, notify.")
        );
        let attrs: Vec<String> = m.attrs.iter().map(|a| a.name.to_string()).collect();
        assert_eq!(attrs, ["express", "timeout", "version", "name"]);
        assert!(matches!(
            m.attrs[1].arg,
            Some(Value::Duration { seconds: 3600, .. })
        ));
        assert!(matches!(&m.attrs[2].arg, Some(Value::Str(s)) if s.value() == "1.0"));
        assert!(m.input.is_some() && m.output.is_some());
        let names: Vec<String> = m.states.iter().map(|s| s.name.to_string()).collect();
        assert_eq!(
            names,
            [
                "Validate", "Charge", "Route", "Review", "Delay", "Until", "Until2", "Ship",
                "Each", "Done", "Failed"
            ]
        );

        // Validate
        let validate = state(&m, "Validate");
        assert_eq!(
            validate.docs.as_ref().map(LitStr::value).as_deref(),
            Some("Checks the order.")
        );
        assert_eq!(validate.attrs[0].name, "input");
        assert!(validate.attrs[0].ty.is_some());
        let Kind::Task {
            integration:
                Integration::Service {
                    path,
                    args,
                    pattern,
                    tokens,
                },
            body: b,
            ..
        } = &validate.kind
        else {
            panic!("not a service task")
        };
        assert_eq!(
            path.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["lambda", "invoke"]
        );
        assert_eq!(
            args.iter().map(show).collect::<Vec<_>>(),
            ["\"${ValidateFn}\""]
        );
        assert!(pattern.is_none());
        assert_eq!(count(tokens), 5); // lambda : : invoke (…)
        assert_eq!(
            show(field(b, "arguments")),
            "{Payload: $, Bucket: \"orders\", items: [1, 2.5, $.x], neg: -1, none: null, yes: true}"
        );
        assert_eq!(show(field(b, "result_path")), "$.validation");
        assert_eq!(show(field(b, "timeout")), "30s");
        assert_eq!(show(field(b, "heartbeat")), "300s");
        let rs = retriers(b);
        assert_eq!(rs.len(), 2);
        let names: Vec<&str> = rs[0].errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Lambda.ServiceException",
                "States.TaskFailed",
                "Custom.Error"
            ]
        );
        assert_eq!(count(&rs[0].errors[0].tokens), 3);
        assert_eq!(rs[0].interval.as_ref().map(show).as_deref(), Some("1s"));
        assert_eq!(rs[0].max_attempts.as_ref().map(show).as_deref(), Some("3"));
        assert_eq!(rs[0].backoff.as_ref().map(show).as_deref(), Some("2.0"));
        assert_eq!(rs[0].max_delay.as_ref().map(show).as_deref(), Some("30s"));
        assert_eq!(
            rs[0].jitter.as_ref().map(ToString::to_string).as_deref(),
            Some("full")
        );
        assert_eq!(rs[1].max_attempts.as_ref().map(show).as_deref(), Some("5"));
        assert!(rs[1].backoff.is_none() && rs[1].jitter.is_none());
        let cs = catchers(b);
        assert_eq!(cs[0].errors[0].name, "States.ALL");
        assert_eq!(
            cs[0].result_path.as_ref().map(show).as_deref(),
            Some("$.error")
        );
        assert_eq!(cs[0].next, "Failed");

        // Charge
        let charge = state(&m, "Charge");
        let Kind::Task {
            integration: Integration::Service { pattern, args, .. },
            body: b,
            ..
        } = &charge.kind
        else {
            panic!("not a service task")
        };
        assert!(args.is_empty());
        assert_eq!(
            pattern.as_ref().map(ToString::to_string).as_deref(),
            Some("wait_for_task_token")
        );
        assert_eq!(
            show(field(b, "arguments")),
            "{QueueUrl: \"${Queue}\", MessageBody: {token: $$.Task.Token, amount: $.total}}"
        );
        let c = &catchers(b)[0];
        assert_eq!(c.output.as_ref().map(show).as_deref(), Some("$.x"));
        assert_eq!(
            c.assign.as_ref().map(show).as_deref(),
            Some("{failed: true}")
        );

        // Route
        let Kind::Choice { arms, .. } = &state(&m, "Route").kind else {
            panic!("not a choice")
        };
        let shapes: Vec<String> = arms
            .iter()
            .map(|a| {
                a.cond.as_ref().map_or("_".to_owned(), show_cond) + " => " + &a.next.to_string()
            })
            .collect();
        assert_eq!(
            shapes,
            [
                "(and ($.total >= 100) (not ($.country == \"US\"))) => Review",
                "(or is_present($.flag) ($.n < $.m)) => Review",
                "($.ts < timestamp(\"2026-01-01T00:00:00Z\")) => Ship",
                "matches($.name, \"log-*\") => Ship",
                "jsonata \"{% $states.input.ok %}\" => Ship",
                "_ => Ship",
            ]
        );
        assert_eq!(
            arms[2].assign.as_ref().map(show).as_deref(),
            Some("{seen: true}")
        );
        assert_eq!(arms[2].output.as_ref().map(show).as_deref(), Some("$.a"));

        // Waits
        let Kind::Wait {
            what: WaitWhat::Seconds(v),
            body: b,
            ..
        } = &state(&m, "Review").kind
        else {
            panic!()
        };
        assert_eq!(show(v), "3600s");
        assert_eq!(show(field(b, "next")), "Ship");
        let Kind::Wait {
            what: WaitWhat::Seconds(v),
            ..
        } = &state(&m, "Delay").kind
        else {
            panic!()
        };
        assert_eq!(show(v), "$.delay");
        let Kind::Wait {
            what: WaitWhat::Until { keyword, at },
            ..
        } = &state(&m, "Until").kind
        else {
            panic!()
        };
        assert_eq!(keyword, "until");
        assert_eq!(show(at), "\"2026-01-01T00:00:00Z\"");
        let Kind::Wait {
            what: WaitWhat::Until { at, .. },
            body: b,
            ..
        } = &state(&m, "Until2").kind
        else {
            panic!()
        };
        assert_eq!(show(at), "$.when");
        assert_eq!(show(field(b, "comment")), "\"later\"");

        // Ship
        let Kind::Parallel { body: b, .. } = &state(&m, "Ship").kind else {
            panic!()
        };
        let branches = blocks(b, "branch");
        assert_eq!(branches.len(), 2);
        assert_eq!(branches[0].len(), 2);
        let label = find_state(branches[0], "Label").expect("Label");
        let Kind::Task {
            integration: Integration::Service { path, .. },
            body: lb,
            ..
        } = &label.kind
        else {
            panic!()
        };
        assert_eq!(path.len(), 3);
        assert_eq!(
            show(field(lb, "arguments")),
            "{Bucket: \"b\", Key: format(\"order {}\", $.id)}"
        );
        let notify = find_state(branches[0], "Notify").expect("Notify");
        assert!(
            body(&notify.kind)
                .entries
                .iter()
                .any(|e| matches!(e, Entry::End(_)))
        );
        assert_eq!(
            show(field(body(&notify.kind), "arguments")),
            "{TopicArn: \"${Topic}\", Message: States.Format(\"{}\", $.id)}"
        );
        let log = find_state(branches[1], "Log").expect("Log");
        assert_eq!(
            show(field(body(&log.kind), "output")),
            "{at: $$.Execution.StartTime}"
        );
        assert_eq!(show(field(b, "result_path")), "$.shipping");

        // Each
        let Kind::Map { body: b, .. } = &state(&m, "Each").kind else {
            panic!()
        };
        assert_eq!(show(field(b, "items_path")), "$.items[*]");
        assert_eq!(show(field(b, "max_concurrency")), "10");
        assert_eq!(show(field(b, "mode")), "distributed");
        assert_eq!(show(field(b, "reader")), "s3::get_object");
        assert_eq!(
            show(field(b, "item_selector")),
            "{value: $$.Map.Item.Value, index: $$.Map.Item.Index}"
        );
        let processor = blocks(b, "processor");
        assert_eq!(processor.len(), 1);
        let work = find_state(processor[0], "Work").expect("Work");
        let Kind::Task {
            integration: Integration::Activity { keyword, arn },
            ..
        } = &work.kind
        else {
            panic!()
        };
        assert_eq!(keyword, "activity");
        assert_eq!(
            show(arn),
            "\"arn:aws:states:us-east-1:123456789012:activity:work\""
        );
        let run = find_state(processor[0], "Run").expect("Run");
        let Kind::Task {
            integration: Integration::Service { pattern, args, .. },
            ..
        } = &run.kind
        else {
            panic!()
        };
        assert_eq!(
            pattern.as_ref().map(ToString::to_string).as_deref(),
            Some("sync")
        );
        assert_eq!(args.len(), 1);

        // Done, Failed
        assert!(matches!(state(&m, "Done").kind, Kind::Succeed { .. }));
        let failed = state(&m, "Failed");
        assert_eq!(failed.attrs[0].name, "jsonata");
        assert_eq!(
            failed.docs.as_ref().map(LitStr::value).as_deref(),
            Some("Gives up.")
        );
        let Kind::Fail { body: b, .. } = &failed.kind else {
            panic!()
        };
        assert_eq!(
            show(field(b, "cause")),
            "States.Format(\"order {} failed\", $.id)"
        );
    }

    #[test]
    fn error_messages_and_spans() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "W { Charge: tsk lambda::invoke(\"f\") }",
                "unknown state kind `tsk`; expected one of task, pass, choice, wait, succeed, \
                 fail, parallel, map; did you mean `task`?",
                "tsk",
            ),
            (
                "W { Charge task lambda::invoke }",
                "expected `:` after the state name `Charge`",
                "task",
            ),
            (
                "W { Charge }",
                "expected `:` after the state name `Charge`",
                "Charge",
            ),
            (
                "W { A: }",
                "expected the kind of the state `A`, one of task, pass, choice, wait, succeed, \
                 fail, parallel, map",
                ":",
            ),
            (
                "W { C: choice { $.x == 1 Next } }",
                "expected `=>` and the target state after the condition",
                "Next",
            ),
            (
                "W { C: choice { _ Next } }",
                "expected `=>` and the target state after `_`",
                "Next",
            ),
            (
                "W { C: choice { $.x == 1 => } }",
                "expected the target state after `=>`",
                "}",
            ),
            (
                "W { C: choice { $.flag => A } }",
                "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after this value, or a \
                 test like `is_present($.x)`",
                "$.flag",
            ),
            (
                "W { C: choice { $.x = 1 => A } }",
                "use `==` to compare",
                "=",
            ),
            (
                "W { C: choice { \"abc\" => A } }",
                "a string condition must be a JSONata expression `\"{% … %}\"`",
                "\"abc\"",
            ),
            (
                "W { C: choice { ($.a == 1 $.b) => A } }",
                "expected `&&`, `||` or `)` after the condition",
                "$",
            ),
            (
                "W { C: choice }",
                "expected `{` with the choice arms after `choice`",
                "choice",
            ),
            (
                "#[expres] W { A: pass }",
                "unknown attribute `#[expres]`; expected one of express, standard, jsonata, \
                 jsonpath, timeout, version, name, allow, warn, deny; did you mean `express`?",
                "expres",
            ),
            (
                "W { #[express] A: pass }",
                "`#[express]` applies to the whole workflow, not to a state",
                "express",
            ),
            (
                "#[input(Order)] W { A: pass }",
                "`#[input(…)]` belongs on a state; declare the workflow's input type as \
                 `Name(input = Type)`",
                "input",
            ),
            (
                "W { #[jsonata(x)] A: pass }",
                "`#[jsonata]` takes no argument",
                "(",
            ),
            (
                "#[timeout(soon)] W { A: pass }",
                "expected a duration after `timeout`, e.g. `#[timeout(1h)]`",
                "soon",
            ),
            (
                "#[version(1)] W { A: pass }",
                "`#[version]` takes a string, e.g. `#[version(\"1.0\")]`",
                "1",
            ),
            (
                "W { A: task lambda::invoke { retry: [States.ALL] evry 1s } }",
                "unknown retry option `evry`; expected every, x<N>, backoff, max_delay or \
                 jitter; did you mean `every`?",
                "evry",
            ),
            (
                "W { A: task lambda::invoke { retry: States.ALL } }",
                "expected `[` with the error names after `retry:`, e.g. `retry: [States.ALL]`",
                "States",
            ),
            (
                "W { A: pass { retry: [States.ALL] x2 x3 } }",
                "`x3` is given twice",
                "x3",
            ),
            (
                "W { A: pass { retry: [States.ALL] jitter some } }",
                "expected `full` or `none` after `jitter`",
                "some",
            ),
            (
                "W { A: pass { retry: [States.ALL] every soon } }",
                "expected a duration after `every`, e.g. `every 1s`",
                "soon",
            ),
            (
                "W { A: pass { retry: [States.ALL] backoff 2s } }",
                "expected a number after `backoff`, e.g. `backoff 2.0`",
                "2s",
            ),
            (
                "W { A: pass { retry: [States.] } }",
                "expected a name after `.` in the error name",
                ".",
            ),
            (
                "W { A: pass { catch: [States.ALL] result_path $.e } }",
                "expected `=>` and the target state after the catch",
                "}",
            ),
            (
                "W { A: pass { catch: [States.ALL] result_pth $.e => B } }",
                "unknown catch option `result_pth`; expected result_path, output or assign, \
                 then `=>` and the target state; did you mean `result_path`?",
                "result_pth",
            ),
            (
                "W { A: pass { timeout: 500ms } }",
                "unknown unit `ms` in `500ms`; a duration is a whole number of s, m, h or d",
                "500ms",
            ),
            (
                "W { A: task lambda::invoke.synk }",
                "unknown integration pattern `.synk`; expected `.sync`, `.sync2` or \
                 `.wait_for_task_token`; did you mean `sync`?",
                "synk",
            ),
            (
                "W { A: task lambda(\"f\") }",
                "expected a service integration like `lambda::invoke`, `activity(…)` or \
                 `resource(…)` after `task`, found `lambda`",
                "lambda",
            ),
            (
                "W { A: task activty(\"arn\") }",
                "expected a service integration like `lambda::invoke`, `activity(…)` or \
                 `resource(…)` after `task`, found `activty`; did you mean `activity`?",
                "activty",
            ),
            (
                "W { A: task }",
                "expected what the task calls after `task`, e.g. `lambda::invoke(\"${Fn}\")`, \
                 `activity(\"arn:…\")` or `resource(\"arn:…\")`",
                "}",
            ),
            (
                "W { A: wait soon }",
                "expected what to wait for after `wait`: a duration like `30s`, a path, \
                 `until …` or a JSONata string",
                "soon",
            ),
            (
                "W { A: wait until 5 }",
                "expected a timestamp or a path after `until`, e.g. \
                 `until \"2026-01-01T00:00:00Z\"` or `until $.when`",
                "5",
            ),
            (
                "W { A: parallel }",
                "expected `{` with the `branch { … }` blocks after `parallel`",
                "parallel",
            ),
            (
                "W { A: pass { output: $. } }",
                "expected a field name after `.` in the path",
                ".",
            ),
            (
                "W { A: pass { output: $.a[] } }",
                "expected an index, a quoted name, `*` or a filter inside `[]`",
                "[]",
            ),
            (
                "W { A: pass { output: 'x' } }",
                "strings are written in double quotes: `\"…\"`",
                "'x'",
            ),
            (
                "W { A: pass { output: -\"a\" } }",
                "expected a number after `-`",
                "-\"a\"",
            ),
            (
                "W { A: pass { output: { a 1 } } }",
                "expected `:` after the key `a`",
                "1",
            ),
            (
                "W { A: pass { output: { a: 1 b: 2 } } }",
                "expected `,` or `}` after the value of `a`",
                "b",
            ),
            (
                "W { A: pass { output: [1 2] } }",
                "expected `,` or `]` after the item",
                "2",
            ),
            (
                "W { A: pass { output: format(\"x\" $.y) } }",
                "expected `,` or `)` after the argument",
                "$",
            ),
            ("W { A: pass { output: ; } }", EXPECTED_VALUE, ";"),
            (
                "W { A: pass { next B } }",
                "expected `:` after the field name `next`",
                "B",
            ),
            (
                "W { A: pass { end: true } }",
                "`end` takes no value; write `end` alone",
                "end",
            ),
            (
                "W { A: pass { next: B end } }",
                "expected `,` after the value of `next`",
                "end",
            ),
            (
                "W { A: pass { branch } }",
                "expected `{` with the states of the branch after `branch`",
                "branch",
            ),
            (
                "W { A: pass 5, B: pass }",
                "expected `,` or the next state after the state `A`",
                "5",
            ),
            (
                "W { type: pass }",
                "`type` is a Rust keyword and cannot name a state",
                "type",
            ),
            (
                "W { 5: pass }",
                "expected a state, e.g. `Charge: task lambda::invoke(\"${ChargeFn}\")`",
                "5",
            ),
            (
                "W { A: pass } extra",
                "unexpected tokens after the closing `}` of the workflow",
                "extra",
            ),
            ("W", "expected `{` with the states of `W`", "W"),
            ("W = { }", "expected `{` with the states of `W`", "="),
            (
                "fn { }",
                "`fn` is a Rust keyword and cannot name the workflow",
                "fn",
            ),
            (
                "W(input = I, output = O, input = X) { }",
                "`input` is given twice",
                "input",
            ),
            (
                "W(inptu = Order) { }",
                "expected `input = Type` or `output = Type`, found `inptu`; did you mean `input`?",
                "inptu",
            ),
            (
                "W() { }",
                "expected `input = Type` or `output = Type`",
                "()",
            ),
        ];
        for (src, message, token) in cases {
            assert_error(src, message, token);
        }
    }

    #[test]
    fn several_errors_are_collected() {
        let all = errors(
            "W {
                A: tsk lambda::invoke,
                B: pass { next B, end: true, output: $ },
                C: choice { $.x => D, $.y == 1 E, _ => D },
                #[expres] D: pass,
                E: pass
            }",
        );
        let messages: Vec<&str> = all.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(messages[0].starts_with("unknown state kind `tsk`"));
        assert_eq!(messages[1], "expected `:` after the field name `next`");
        assert_eq!(messages[2], "`end` takes no value; write `end` alone");
        assert!(messages[3].starts_with("expected a comparison"));
        assert_eq!(
            messages[4],
            "expected `=>` and the target state after the condition"
        );
        assert!(messages[5].starts_with("unknown attribute `#[expres]`"));
    }

    #[test]
    fn errors_resume_after_missing_commas() {
        let all = errors("W { A: pass { next: B end } B: wait soon C: tsk }");
        let messages: Vec<&str> = all.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert_eq!(messages[0], "expected `,` after the value of `next`");
        assert!(messages[1].starts_with("expected what to wait for"));
        assert!(messages[2].starts_with("unknown state kind `tsk`"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "W {{ A: pass {{ v: {}1{} }} }}",
            "[".repeat(400),
            "]".repeat(400)
        );
        assert_eq!(errors(&deep)[0].0, "the workflow is nested too deeply");
        let deep = format!("W {{ C: choice {{ {}$.a == 1 => C }} }}", "!".repeat(400));
        assert_eq!(errors(&deep)[0].0, "the workflow is nested too deeply");
        let mut states = String::from("X: pass");
        for _ in 0..200 {
            states = format!("P: parallel {{ branch {{ {states} }} }}");
        }
        assert_eq!(
            errors(&format!("W {{ {states} }}"))[0].0,
            "the workflow is nested too deeply"
        );
        // The counter is back to zero afterwards.
        parse("W { A: pass { v: [[[[1]]]] } }");
    }

    #[test]
    fn no_panic_on_truncated_or_mutated_input() {
        // Every prefix of the full example (those that lex), and the example with each of its
        // top-level body tokens removed or duplicated.
        for (i, _) in ORDER.char_indices() {
            let _ = syn::parse_str::<Machine>(&ORDER[..i]);
        }
        let stream: TokenStream = ORDER.parse().expect("lexes");
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        for i in 0..trees.len() {
            let mut fewer = trees.clone();
            fewer.remove(i);
            let _ = syn::parse2::<Machine>(fewer.into_iter().collect());
            let mut more = trees.clone();
            more.insert(i, trees[i].clone());
            let _ = syn::parse2::<Machine>(more.into_iter().collect());
        }
        let Some(TokenTree::Group(states)) = trees.last() else {
            panic!("the body")
        };
        let inner: Vec<TokenTree> = states.stream().into_iter().collect();
        for i in 0..inner.len() {
            let mut fewer = inner.clone();
            fewer.remove(i);
            let body = proc_macro2::Group::new(Delimiter::Brace, fewer.into_iter().collect());
            let _ = syn::parse2::<Machine>(quote::quote!(W #body));
        }
        for junk in [
            "",
            "#",
            "#[",
            "W {",
            "W { A: task lambda:: }",
            "W { A: pass { v: $$$$ } }",
            "W { A: choice { ! } }",
            "W { A: choice { $.a == } }",
            "W { A: pass { v: - } }",
            "W { A: pass { v: States. } }",
            "W { A: pass { v: $[{}] } }",
            "W { A: pass { v: b\"x\" } }",
        ] {
            let _ = syn::parse_str::<Machine>(junk);
        }
    }

    #[test]
    fn no_panic_on_random_token_soup() {
        const WORDS: &[&str] = &[
            "W",
            "A",
            ",",
            ":",
            "::",
            "$",
            ".",
            "..",
            "=>",
            "==",
            "!=",
            "<=",
            "<",
            "!",
            "&&",
            "||",
            "=",
            "-",
            "#",
            "_",
            "*",
            "?",
            "@",
            "task",
            "pass",
            "choice",
            "wait",
            "until",
            "succeed",
            "fail",
            "parallel",
            "map",
            "branch",
            "processor",
            "retry",
            "catch",
            "end",
            "every",
            "x2",
            "x",
            "backoff",
            "jitter",
            "full",
            "result_path",
            "assign",
            "output",
            "lambda",
            "invoke",
            "States",
            "ALL",
            "activity",
            "resource",
            "sync",
            "type",
            "1s",
            "2.0",
            "7",
            "1e3",
            "\"s\"",
            "\"{% x %}\"",
            "'c'",
            "b\"x\"",
            "true",
            "null",
            "is_present",
            "format",
            "doc",
            "express",
            "timeout",
            "input",
            "pub",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3000 {
            let mut src = String::new();
            let mut open = Vec::new();
            for _ in 0..next(60) {
                match next(10) {
                    0 => {
                        let (o, c) = [("{", '}'), ("[", ']'), ("(", ')')][next(3)];
                        src.push_str(o);
                        open.push(c);
                    }
                    1 if !open.is_empty() => src.push(open.pop().unwrap_or('}')),
                    _ => src.push_str(WORDS[next(WORDS.len())]),
                }
                src.push(' ');
            }
            while let Some(c) = open.pop() {
                src.push(c);
            }
            let _ = syn::parse_str::<Machine>(&src);
            let _ = syn::parse_str::<Machine>(&format!("W {{ {src} }}"));
            let _ = syn::parse_str::<Machine>(&format!("W {{ A: pass {{ {src} }} }}"));
            let _ = syn::parse_str::<Machine>(&format!("W {{ A: choice {{ {src} }} }}"));
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("Task", KINDS), "; did you mean `task`?");
        assert_eq!(suggest("paralel", KINDS), "; did you mean `parallel`?");
        assert_eq!(suggest("zzzzzz", KINDS), "");
    }
}
