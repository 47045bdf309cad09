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

/// The state kinds, in the order the messages list them.
const KINDS: &[&str] = &[
    "task", "pass", "choice", "wait", "succeed", "fail", "parallel", "map",
];
/// The attributes of the whole workflow.
const MACHINE_ATTRS: &[&str] = &[
    "express", "standard", "jsonata", "jsonpath", "timeout", "version", "name",
];
/// The attributes of a state.
const STATE_ATTRS: &[&str] = &["jsonata", "jsonpath", "input", "output"];
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

// ---------------------------------------------------------------------------------------------
// Docs and attributes
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Machine,
    State,
}

enum Outer {
    Doc(LitStr),
    Attr(Box<Attr>),
}

/// `outer_doc* attr*`: the docs joined into one string, and the attributes. Errors inside an
/// attribute are collected in `errors`; only a malformed `#` stops the parse.
fn parse_outer(
    input: ParseStream,
    place: Place,
    errors: &mut Errors,
) -> Result<(Option<LitStr>, Vec<Attr>)> {
    let mut lines = Vec::new();
    let mut doc_span = None;
    let mut attrs = Vec::new();
    while input.peek(Token![#]) {
        let pound: Token![#] = input.parse()?;
        if place == Place::Machine && input.peek(Token![!]) {
            // `//!` lines arrive as `#![doc = "…"]`.
            input.parse::<Token![!]>()?;
        }
        if !input.peek(token::Bracket) {
            return Err(errors.take_with(err_next_or(input, pound.span, "expected `[` after `#`")));
        }
        let content;
        bracketed!(content in input);
        match parse_attr(&content, place) {
            Ok(Some(Outer::Doc(doc))) => {
                doc_span.get_or_insert(doc.span());
                for line in doc.value().split('\n') {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    lines.push(line.strip_prefix(' ').unwrap_or(line).to_owned());
                }
            }
            Ok(Some(Outer::Attr(attr))) => attrs.push(*attr),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    let docs = doc_span.map(|span| LitStr::new(&lines.join("\n"), span));
    Ok((docs, attrs))
}

/// The inside of `#[…]`.
fn parse_attr(input: ParseStream, place: Place) -> Result<Option<Outer>> {
    let Some(name) = next_ident(input) else {
        return Err(err_next(
            input,
            "expected an attribute name, e.g. `#[jsonata]`",
        ));
    };
    let text = name.to_string();
    if text == "doc" {
        if input.peek(Token![=]) && input.peek2(LitStr) {
            input.parse::<Token![=]>()?;
            let doc: LitStr = input.parse()?;
            if input.is_empty() {
                return Ok(Some(Outer::Doc(doc)));
            }
        }
        // `#[doc(hidden)]` and the like: nothing for the workflow.
        let _: TokenStream = input.parse()?;
        return Ok(None);
    }
    let known = match place {
        Place::Machine => MACHINE_ATTRS,
        Place::State => STATE_ATTRS,
    };
    match (place, text.as_str()) {
        (Place::State, "express" | "standard" | "timeout" | "version" | "name") => {
            return Err(Error::new(
                name.span(),
                format!("`#[{text}]` applies to the whole workflow, not to a state"),
            ));
        }
        (Place::Machine, "input" | "output") => {
            return Err(Error::new(
                name.span(),
                format!(
                    "`#[{text}(…)]` belongs on a state; declare the workflow's {text} type as \
                     `Name({text} = Type)`"
                ),
            ));
        }
        _ if !known.contains(&text.as_str()) => {
            return Err(Error::new(
                name.span(),
                format!(
                    "unknown attribute `#[{text}]`; expected one of {}{}",
                    known.join(", "),
                    suggest(&text, known)
                ),
            ));
        }
        _ => {}
    }
    let needs = match text.as_str() {
        "timeout" => "a duration, e.g. `#[timeout(1h)]`",
        "version" => "a string, e.g. `#[version(\"1.0\")]`",
        "name" => "a string, e.g. `#[name(\"orders\")]`",
        "input" | "output" => "a type, e.g. `#[input(Order)]`",
        _ => {
            if !input.is_empty() {
                return Err(err_next(input, format!("`#[{text}]` takes no argument")));
            }
            return Ok(Some(Outer::Attr(Box::new(Attr {
                name,
                arg: None,
                ty: None,
            }))));
        }
    };
    if !input.peek(token::Paren) {
        return Err(err_next_or(
            input,
            name.span(),
            format!("`#[{text}]` takes {needs}"),
        ));
    }
    let content;
    let parens = parenthesized!(content in input);
    if content.is_empty() {
        return Err(Error::new(
            parens.span.join(),
            format!("`#[{text}]` takes {needs}"),
        ));
    }
    let mut attr = Attr {
        name,
        arg: None,
        ty: None,
    };
    match text.as_str() {
        "input" | "output" => attr.ty = Some(content.parse()?),
        "timeout" => attr.arg = Some(parse_duration(&content, &attr.name, "#[timeout(1h)]")?),
        _ => {
            if !content.peek(LitStr) {
                return Err(err_next(&content, format!("`#[{text}]` takes {needs}")));
            }
            attr.arg = Some(Value::Str(content.parse()?));
        }
    }
    if !content.is_empty() {
        return Err(err_next(
            &content,
            format!("expected `)` after the argument of `#[{text}]`"),
        ));
    }
    if !input.is_empty() {
        return Err(err_next(input, format!("expected `]` after `#[{text}(…)`")));
    }
    Ok(Some(Outer::Attr(Box::new(attr))))
}

/// `( input = Type, output = Type )` after the workflow's name.
fn parse_data_types(input: ParseStream) -> Result<(Option<Type>, Option<Type>)> {
    let content;
    let parens = parenthesized!(content in input);
    let expected = "expected `input = Type` or `output = Type`";
    if content.is_empty() {
        return Err(Error::new(parens.span.join(), expected));
    }
    let (mut input_ty, mut output_ty) = (None, None);
    while !content.is_empty() {
        let Some(key) = next_ident(&content) else {
            return Err(err_next(&content, expected));
        };
        let slot = match key.to_string().as_str() {
            "input" => &mut input_ty,
            "output" => &mut output_ty,
            other => {
                return Err(Error::new(
                    key.span(),
                    format!(
                        "{expected}, found `{other}`{}",
                        suggest(other, &["input", "output"])
                    ),
                ));
            }
        };
        if !content.peek(Token![=]) {
            return Err(err_next_or(
                &content,
                key.span(),
                format!("expected `=` and a type after `{key}`"),
            ));
        }
        content.parse::<Token![=]>()?;
        let ty: Type = content.parse()?;
        set_once(slot, &key, ty)?;
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            return Err(err_next(&content, "expected `,` or `)` after the type"));
        }
        content.parse::<Token![,]>()?;
    }
    Ok((input_ty, output_ty))
}

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

/// `( state ","? )*`, to the end of `input`.
fn parse_states(input: ParseStream) -> Result<Vec<State>> {
    let _depth = Depth::enter(input)?;
    let mut errors = Errors::default();
    let mut states = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        match parse_state(input) {
            Ok(state) => {
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                } else if !input.is_empty()
                    && !input.peek(Token![#])
                    && input.cursor().ident().is_none()
                {
                    let here = input.cursor();
                    errors.push(err_next(
                        input,
                        format!(
                            "expected `,` or the next state after the state `{}`",
                            state.name
                        ),
                    ));
                    recover(input, here, Boundary::State);
                }
                states.push(state);
            }
            Err(error) => {
                errors.push(error);
                recover(input, start, Boundary::State);
            }
        }
    }
    errors.finish(states)
}

/// `outer_doc* attr* IDENT ":" kind`.
fn parse_state(input: ParseStream) -> Result<State> {
    let mut errors = Errors::default();
    let (docs, attrs) = parse_outer(input, Place::State, &mut errors)?;
    let name = match input.cursor().ident() {
        Some(_) => rust_ident(input, "a state"),
        None => Err(err_next(
            input,
            "expected a state, e.g. `Charge: task lambda::invoke(\"${ChargeFn}\")`",
        )),
    };
    let name = name.map_err(|e| errors.take_with(e))?;
    if !is_colon(input) {
        let message = format!("expected `:` after the state name `{name}`");
        return Err(errors.take_with(err_next_or(input, name.span(), message)));
    }
    let colon: Token![:] = input.parse()?;
    let kind = parse_kind(input, &name, colon.spans[0]).map_err(|e| errors.take_with(e))?;
    errors.finish(State {
        docs,
        attrs,
        name,
        kind,
    })
}

fn parse_kind(input: ParseStream, name: &Ident, colon: Span) -> Result<Kind> {
    let Some(keyword) = peek_ident(input) else {
        return Err(err_next_or(
            input,
            colon,
            format!(
                "expected the kind of the state `{name}`, one of {}",
                KINDS.join(", ")
            ),
        ));
    };
    let text = keyword.to_string();
    if !KINDS.contains(&text.as_str()) {
        return Err(Error::new(
            keyword.span(),
            format!(
                "unknown state kind `{text}`; expected one of {}{}",
                KINDS.join(", "),
                suggest(&text, KINDS)
            ),
        ));
    }
    input.parse::<TokenTree>()?;
    let kind = match text.as_str() {
        "task" => {
            let integration = parse_integration(input)?;
            let body = optional_body(input, &keyword)?;
            Kind::Task {
                keyword,
                integration,
                body,
            }
        }
        "choice" => {
            if !input.peek(token::Brace) {
                return Err(err_next_or(
                    input,
                    keyword.span(),
                    "expected `{` with the choice arms after `choice`",
                ));
            }
            let content;
            braced!(content in input);
            let arms = parse_arms(&content)?;
            Kind::Choice { keyword, arms }
        }
        "wait" => {
            let what = parse_wait(input, &keyword)?;
            let body = optional_body(input, &keyword)?;
            Kind::Wait {
                keyword,
                what,
                body,
            }
        }
        "parallel" | "map" => {
            if !input.peek(token::Brace) {
                let what = if text == "map" {
                    "the `processor { … }` block and the fields"
                } else {
                    "the `branch { … }` blocks"
                };
                return Err(err_next_or(
                    input,
                    keyword.span(),
                    format!("expected `{{` with {what} after `{text}`"),
                ));
            }
            let body = parse_body(input)?;
            if text == "map" {
                Kind::Map { keyword, body }
            } else {
                Kind::Parallel { keyword, body }
            }
        }
        _ => {
            let body = optional_body(input, &keyword)?;
            match text.as_str() {
                "pass" => Kind::Pass { keyword, body },
                "succeed" => Kind::Succeed { keyword, body },
                _ => Kind::Fail { keyword, body },
            }
        }
    };
    Ok(kind)
}

/// What a Task calls.
fn parse_integration(input: ParseStream) -> Result<Integration> {
    let start = input.cursor();
    let Some((first, rest)) = input.cursor().ident() else {
        return Err(err_next(
            input,
            "expected what the task calls after `task`, e.g. `lambda::invoke(\"${Fn}\")`, \
             `activity(\"arn:…\")` or `resource(\"arn:…\")`",
        ));
    };
    let text = first.to_string();
    let parens_follow = rest.group(Delimiter::Parenthesis).is_some();
    if parens_follow && (text == "activity" || text == "resource") {
        input.parse::<TokenTree>()?;
        let content;
        let parens = parenthesized!(content in input);
        if content.is_empty() {
            return Err(Error::new(
                parens.span.join(),
                format!("expected the ARN inside `{text}(…)`"),
            ));
        }
        let arn = parse_value(&content)?;
        if content.peek(Token![,]) {
            content.parse::<Token![,]>()?;
        }
        if !content.is_empty() {
            return Err(err_next(&content, "expected `)` after the ARN"));
        }
        return Ok(if text == "activity" {
            Integration::Activity {
                keyword: first,
                arn,
            }
        } else {
            Integration::Resource {
                keyword: first,
                arn,
            }
        });
    }
    if !input.peek2(Token![::]) {
        let hint = if parens_follow {
            suggest(&text, &["activity", "resource"])
        } else {
            String::new()
        };
        return Err(Error::new(
            first.span(),
            format!(
                "expected a service integration like `lambda::invoke`, `activity(…)` or \
                 `resource(…)` after `task`, found `{text}`{hint}"
            ),
        ));
    }
    input.parse::<TokenTree>()?;
    let mut path = vec![first.unraw()];
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        let Some(part) = next_ident(input) else {
            return Err(err_next(input, "expected a name after `::`"));
        };
        path.push(part.unraw());
    }
    let mut args = None;
    let mut pattern = None;
    loop {
        if args.is_none() && input.peek(token::Paren) {
            let content;
            parenthesized!(content in input);
            args = Some(parse_list(&content, "`)` after the argument")?);
        } else if pattern.is_none() && input.peek(Token![.]) && !input.peek(Token![..]) {
            pattern = Some(parse_pattern(input)?);
        } else {
            break;
        }
    }
    Ok(Integration::Service {
        path,
        args: args.unwrap_or_default(),
        pattern,
        tokens: tokens_since(start, input),
    })
}

/// `.sync`, `.sync2`, `.wait_for_task_token`: the identifier, spanning the dot too.
fn parse_pattern(input: ParseStream) -> Result<Ident> {
    let dot: Token![.] = input.parse()?;
    let Some(name) = next_ident(input) else {
        return Err(err_next_or(
            input,
            dot.spans[0],
            "expected `sync`, `sync2` or `wait_for_task_token` after `.`",
        ));
    };
    let text = name.to_string();
    if !PATTERNS.contains(&text.as_str()) {
        return Err(Error::new(
            name.span(),
            format!(
                "unknown integration pattern `.{text}`; expected `.sync`, `.sync2` or \
                 `.wait_for_task_token`{}",
                suggest(&text, PATTERNS)
            ),
        ));
    }
    let mut pattern = name.clone();
    pattern.set_span(dot.spans[0].join(name.span()).unwrap_or(name.span()));
    Ok(pattern)
}

/// The head of a Wait state.
fn parse_wait(input: ParseStream, keyword: &Ident) -> Result<WaitWhat> {
    if peek_keyword(input, "until") {
        let Some(until) = next_ident(input) else {
            return Err(err_next(input, "expected `until`"));
        };
        if !input.peek(LitStr) && !peek_punct(input, '$') {
            return Err(err_next_or(
                input,
                until.span(),
                "expected a timestamp or a path after `until`, e.g. \
                 `until \"2026-01-01T00:00:00Z\"` or `until $.when`",
            ));
        }
        let at = parse_value(input)?;
        return Ok(WaitWhat::Until { keyword: until, at });
    }
    if input.peek(LitStr) || peek_punct(input, '$') {
        return Ok(WaitWhat::Seconds(parse_value(input)?));
    }
    if input.cursor().literal().is_some() {
        return Ok(WaitWhat::Seconds(parse_duration(
            input, keyword, "wait 30s",
        )?));
    }
    Err(err_next_or(
        input,
        keyword.span(),
        "expected what to wait for after `wait`: a duration like `30s`, a path, \
         `until …` or a JSONata string",
    ))
}

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

fn optional_body(input: ParseStream, keyword: &Ident) -> Result<Body> {
    if input.peek(token::Brace) {
        parse_body(input)
    } else {
        Ok(Body {
            entries: Vec::new(),
            span: Some(keyword.span()),
        })
    }
}

/// `{ ( entry ","? )* }`.
fn parse_body(input: ParseStream) -> Result<Body> {
    let content;
    let braces = braced!(content in input);
    let entries = parse_entries(&content)?;
    Ok(Body {
        entries,
        span: Some(braces.span.join()),
    })
}

fn parse_entries(input: ParseStream) -> Result<Vec<Entry>> {
    let mut errors = Errors::default();
    let mut entries = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        match parse_entry(input) {
            Ok(entry) => {
                let after = match &entry {
                    Entry::Branch { .. } | Entry::Processor { .. } => None,
                    Entry::Field { key, .. } => Some(format!("the value of `{key}`")),
                    Entry::End(_) => Some("`end`".to_owned()),
                    Entry::Retry(_) => Some("the retrier".to_owned()),
                    Entry::Catch(_) => Some("the catcher".to_owned()),
                };
                entries.push(entry);
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                } else if let Some(after) = after.filter(|_| !input.is_empty()) {
                    let here = input.cursor();
                    errors.push(err_next(input, format!("expected `,` after {after}")));
                    recover(input, here, Boundary::Entry);
                }
            }
            Err(error) => {
                errors.push(error);
                recover(input, start, Boundary::Entry);
            }
        }
    }
    errors.finish(entries)
}

fn parse_entry(input: ParseStream) -> Result<Entry> {
    let Some(key) = next_ident(input) else {
        return Err(err_next(
            input,
            "expected a field like `next: State`, `end`, `retry: […]` or `catch: […]`",
        ));
    };
    let key = key.unraw();
    let text = key.to_string();
    match text.as_str() {
        "branch" | "processor" if !is_colon(input) => {
            if !input.peek(token::Brace) {
                return Err(err_next_or(
                    input,
                    key.span(),
                    format!("expected `{{` with the states of the {text} after `{text}`"),
                ));
            }
            let content;
            let braces = braced!(content in input);
            let states = parse_states(&content)?;
            let span = braces.span.join();
            Ok(if text == "branch" {
                Entry::Branch {
                    keyword: key,
                    states,
                    span,
                }
            } else {
                Entry::Processor {
                    keyword: key,
                    states,
                    span,
                }
            })
        }
        "end" => {
            if is_colon(input) {
                return Err(Error::new(
                    key.span(),
                    "`end` takes no value; write `end` alone",
                ));
            }
            Ok(Entry::End(key))
        }
        _ => {
            if !is_colon(input) {
                return Err(err_next_or(
                    input,
                    key.span(),
                    format!("expected `:` after the field name `{text}`"),
                ));
            }
            input.parse::<Token![:]>()?;
            match text.as_str() {
                "retry" => Ok(Entry::Retry(parse_retrier(input, key)?)),
                "catch" => Ok(Entry::Catch(parse_catcher(input, key)?)),
                _ => Ok(Entry::Field {
                    key,
                    value: parse_value(input)?,
                }),
            }
        }
    }
}

/// `error_list ( every D | x N | backoff F | max_delay D | jitter full|none )*`.
fn parse_retrier(input: ParseStream, keyword: Ident) -> Result<Retrier> {
    let (errors, errors_span) = parse_error_list(input, "retry")?;
    let mut retrier = Retrier {
        keyword,
        errors,
        errors_span,
        interval: None,
        max_attempts: None,
        backoff: None,
        max_delay: None,
        jitter: None,
    };
    while !input.is_empty() && !input.peek(Token![,]) {
        let Some(option) = next_ident(input) else {
            return Err(err_next(
                input,
                "expected a retry option (`every 1s`, `x3`, `backoff 2.0`, `max_delay 30s`, \
                 `jitter full`) or `,`",
            ));
        };
        let text = option.to_string();
        let count = text
            .strip_prefix('x')
            .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        match text.as_str() {
            "every" => {
                let value = parse_duration(input, &option, "every 1s")?;
                set_once(&mut retrier.interval, &option, value)?;
            }
            "max_delay" => {
                let value = parse_duration(input, &option, "max_delay 30s")?;
                set_once(&mut retrier.max_delay, &option, value)?;
            }
            "backoff" => {
                let value = parse_number(input, &option, "a number", "backoff 2.0", true)?;
                set_once(&mut retrier.backoff, &option, value)?;
            }
            "x" => {
                let value = parse_number(input, &option, "a number of attempts", "x 3", false)?;
                set_once(&mut retrier.max_attempts, &option, value)?;
            }
            "jitter" => {
                let jitter = peek_ident(input).filter(|j| j == "full" || j == "none");
                let Some(jitter) = jitter else {
                    return Err(err_next_or(
                        input,
                        option.span(),
                        "expected `full` or `none` after `jitter`",
                    ));
                };
                input.parse::<TokenTree>()?;
                set_once(&mut retrier.jitter, &option, jitter)?;
            }
            _ => {
                let Some(digits) = count else {
                    return Err(Error::new(
                        option.span(),
                        format!(
                            "unknown retry option `{text}`; expected every, x<N>, backoff, \
                             max_delay or jitter{}",
                            suggest(&text, RETRY_OPTIONS)
                        ),
                    ));
                };
                let Ok(attempts) = digits.parse::<u64>() else {
                    return Err(Error::new(
                        option.span(),
                        format!("the number of attempts in `{text}` is too large"),
                    ));
                };
                let value = Value::Number {
                    text: attempts.to_string(),
                    tokens: option.to_token_stream(),
                };
                set_once(&mut retrier.max_attempts, &option, value)?;
            }
        }
    }
    Ok(retrier)
}

/// `error_list ( result_path V | output V | assign V )* "=>" IDENT`.
fn parse_catcher(input: ParseStream, keyword: Ident) -> Result<Catcher> {
    let (errors, errors_span) = parse_error_list(input, "catch")?;
    let (mut result_path, mut output, mut assign) = (None, None, None);
    while let Some(option) = peek_ident(input) {
        let text = option.to_string();
        let slot = match text.as_str() {
            "result_path" => &mut result_path,
            "output" => &mut output,
            "assign" => &mut assign,
            _ => {
                return Err(Error::new(
                    option.span(),
                    format!(
                        "unknown catch option `{text}`; expected result_path, output or assign, \
                         then `=>` and the target state{}",
                        suggest(&text, CATCH_OPTIONS)
                    ),
                ));
            }
        };
        input.parse::<TokenTree>()?;
        let value = parse_value(input)?;
        set_once(slot, &option, value)?;
    }
    if !input.peek(Token![=>]) {
        return Err(err_next(
            input,
            "expected `=>` and the target state after the catch",
        ));
    }
    input.parse::<Token![=>]>()?;
    let next = target_state(input)?;
    Ok(Catcher {
        keyword,
        errors,
        errors_span,
        result_path,
        output,
        assign,
        next,
    })
}

/// `[ States.ALL, MyError, "Any.Text" ]`, with the span of the brackets.
fn parse_error_list(input: ParseStream, what: &str) -> Result<(Vec<ErrorName>, Span)> {
    if !input.peek(token::Bracket) {
        return Err(err_next(
            input,
            format!(
                "expected `[` with the error names after `{what}:`, e.g. `{what}: [States.ALL]`"
            ),
        ));
    }
    let content;
    let brackets = bracketed!(content in input);
    let mut names = Vec::new();
    while !content.is_empty() {
        let start = content.cursor();
        let name = if content.peek(LitStr) {
            content.parse::<LitStr>()?.value()
        } else if let Some(first) = next_ident(&content) {
            let mut name = first.unraw().to_string();
            while content.peek(Token![.]) {
                let dot: Token![.] = content.parse()?;
                let Some(part) = next_ident(&content) else {
                    return Err(err_next_or(
                        &content,
                        dot.spans[0],
                        "expected a name after `.` in the error name",
                    ));
                };
                name.push('.');
                name.push_str(&part.unraw().to_string());
            }
            name
        } else {
            return Err(err_next(
                &content,
                "expected an error name like `States.ALL`, `MyError` or a string",
            ));
        };
        names.push(ErrorName {
            name,
            tokens: tokens_since(start, &content),
        });
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            return Err(err_next(
                &content,
                "expected `,` or `]` after the error name",
            ));
        }
        content.parse::<Token![,]>()?;
    }
    Ok((names, brackets.span.join()))
}

/// The state after `=>`.
fn target_state(input: ParseStream) -> Result<Ident> {
    if input.cursor().ident().is_some() {
        rust_ident(input, "a state")
    } else {
        Err(err_next(input, "expected the target state after `=>`"))
    }
}

// ---------------------------------------------------------------------------------------------
// Choice arms and conditions
// ---------------------------------------------------------------------------------------------

fn parse_arms(input: ParseStream) -> Result<Vec<ChoiceArm>> {
    let mut errors = Errors::default();
    let mut arms = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        match parse_arm(input) {
            Ok(arm) => {
                arms.push(arm);
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                } else if !input.is_empty() {
                    let here = input.cursor();
                    errors.push(err_next(input, "expected `,` after the choice arm"));
                    recover(input, here, Boundary::Arm);
                }
            }
            Err(error) => {
                errors.push(error);
                recover(input, start, Boundary::Arm);
            }
        }
    }
    errors.finish(arms)
}

/// `cond ( assign V | output V )* => IDENT`, or `_ … => IDENT`.
fn parse_arm(input: ParseStream) -> Result<ChoiceArm> {
    let start = input.cursor();
    let cond = if input.peek(Token![_]) {
        input.parse::<Token![_]>()?;
        None
    } else {
        Some(parse_cond(input)?)
    };
    let (mut assign, mut output) = (None, None);
    while let Some(option) = peek_ident(input) {
        let slot = match option.to_string().as_str() {
            "assign" => &mut assign,
            "output" => &mut output,
            _ => break,
        };
        input.parse::<TokenTree>()?;
        let value = parse_value(input)?;
        set_once(slot, &option, value)?;
    }
    if !input.peek(Token![=>]) {
        let after = if cond.is_some() {
            "the condition"
        } else {
            "`_`"
        };
        return Err(err_next(
            input,
            format!("expected `=>` and the target state after {after}"),
        ));
    }
    input.parse::<Token![=>]>()?;
    let next = target_state(input)?;
    Ok(ChoiceArm {
        cond,
        assign,
        output,
        next,
        tokens: tokens_since(start, input),
    })
}

/// `or = and ( "||" and )*`.
fn parse_cond(input: ParseStream) -> Result<Cond> {
    let start = input.cursor();
    let first = parse_and(input)?;
    if !input.peek(Token![||]) {
        return Ok(first);
    }
    let mut items = vec![first];
    while input.peek(Token![||]) {
        input.parse::<Token![||]>()?;
        items.push(parse_and(input)?);
    }
    Ok(Cond::Or(items, tokens_since(start, input)))
}

/// `and = unary ( "&&" unary )*`.
fn parse_and(input: ParseStream) -> Result<Cond> {
    let start = input.cursor();
    let first = parse_unary(input)?;
    if !input.peek(Token![&&]) {
        return Ok(first);
    }
    let mut items = vec![first];
    while input.peek(Token![&&]) {
        input.parse::<Token![&&]>()?;
        items.push(parse_unary(input)?);
    }
    Ok(Cond::And(items, tokens_since(start, input)))
}

/// `unary = "!" unary | "(" cond ")" | compare | call | expr_string`.
fn parse_unary(input: ParseStream) -> Result<Cond> {
    let _depth = Depth::enter(input)?;
    let start = input.cursor();
    if input.peek(Token![!]) && !input.peek(Token![!=]) {
        input.parse::<Token![!]>()?;
        let inner = parse_unary(input)?;
        return Ok(Cond::Not(Box::new(inner), tokens_since(start, input)));
    }
    if input.peek(token::Paren) {
        let content;
        let parens = parenthesized!(content in input);
        if content.is_empty() {
            return Err(Error::new(
                parens.span.join(),
                "expected a condition inside the parentheses",
            ));
        }
        let cond = parse_cond(&content)?;
        if !content.is_empty() {
            return Err(err_next(
                &content,
                "expected `&&`, `||` or `)` after the condition",
            ));
        }
        return Ok(cond);
    }
    if input.is_empty() || input.peek(Token![=>]) || input.peek(Token![,]) {
        return Err(err_next(input, "expected a condition"));
    }
    let left = parse_value(input)?;
    if let Some((op, op_tokens)) = parse_compare_op(input) {
        let right = parse_value(input)?;
        return Ok(Cond::Compare {
            left,
            op,
            op_tokens,
            right,
            tokens: tokens_since(start, input),
        });
    }
    match left {
        Value::Call(call) => Ok(Cond::Call(call)),
        Value::Str(text) if is_jsonata(&text) => Ok(Cond::Jsonata(text)),
        Value::Str(text) => Err(Error::new(
            text.span(),
            "a string condition must be a JSONata expression `\"{% … %}\"`",
        )),
        _ if input.peek(Token![=]) && !input.peek(Token![=>]) => {
            Err(err_next(input, "use `==` to compare"))
        }
        other => Err(Error::new_spanned(
            other.tokens(),
            "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after this value, or a \
             test like `is_present($.x)`",
        )),
    }
}

fn is_jsonata(text: &LitStr) -> bool {
    let value = text.value();
    let value = value.trim();
    value.starts_with("{%") && value.ends_with("%}")
}

/// A comparison operator, consumed, with its tokens.
fn parse_compare_op(input: ParseStream) -> Option<(CompareOp, TokenStream)> {
    let start = input.cursor();
    let op = if input.peek(Token![==]) {
        input.parse::<Token![==]>().ok()?;
        CompareOp::Eq
    } else if input.peek(Token![!=]) {
        input.parse::<Token![!=]>().ok()?;
        CompareOp::Ne
    } else if input.peek(Token![<=]) {
        input.parse::<Token![<=]>().ok()?;
        CompareOp::Le
    } else if input.peek(Token![>=]) {
        input.parse::<Token![>=]>().ok()?;
        CompareOp::Ge
    } else if input.peek(Token![<]) {
        input.parse::<Token![<]>().ok()?;
        CompareOp::Lt
    } else if input.peek(Token![>]) {
        input.parse::<Token![>]>().ok()?;
        CompareOp::Gt
    } else {
        return None;
    };
    Some((op, tokens_since(start, input)))
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

fn parse_value(input: ParseStream) -> Result<Value> {
    let _depth = Depth::enter(input)?;
    let cursor = input.cursor();
    if let Some((punct, _)) = cursor.punct() {
        match punct.as_char() {
            '$' => return parse_path(input),
            '-' => return parse_negative(input),
            _ => {}
        }
    }
    if cursor.literal().is_some() {
        let literal = input.step(|cursor| {
            cursor
                .literal()
                .ok_or_else(|| cursor.error("expected a literal"))
        })?;
        return literal_value(literal, None);
    }
    if let Some((ident, rest)) = cursor.ident() {
        match ident.to_string().as_str() {
            "true" | "false" => {
                input.parse::<TokenTree>()?;
                return Ok(Value::Bool {
                    value: ident == "true",
                    tokens: ident.to_token_stream(),
                });
            }
            "null" => {
                input.parse::<TokenTree>()?;
                return Ok(Value::Null(ident.to_token_stream()));
            }
            _ => {}
        }
        if call_follows(rest) {
            return parse_call(input).map(Value::Call);
        }
        return parse_word(input);
    }
    if input.peek(token::Brace) {
        return parse_object(input);
    }
    if input.peek(token::Bracket) {
        return parse_array(input);
    }
    Err(err_next(input, EXPECTED_VALUE))
}

/// A literal (after an optional `-`) as a value.
fn literal_value(literal: Literal, minus: Option<Punct>) -> Result<Value> {
    let mut tokens = TokenStream::new();
    if let Some(minus) = &minus {
        tokens.extend(std::iter::once(TokenTree::Punct(minus.clone())));
    }
    tokens.extend(std::iter::once(TokenTree::Literal(literal.clone())));
    let sign = if minus.is_some() { "-" } else { "" };
    match Lit::new(literal) {
        Lit::Int(int) => match int.suffix() {
            "" => Ok(Value::Number {
                text: format!("{sign}{}", int.base10_digits()),
                tokens,
            }),
            unit @ ("s" | "m" | "h" | "d") => {
                if minus.is_some() {
                    return Err(Error::new_spanned(&tokens, "a duration cannot be negative"));
                }
                let factor: u64 = match unit {
                    "s" => 1,
                    "m" => 60,
                    "h" => 3_600,
                    _ => 86_400,
                };
                let seconds = int
                    .base10_parse::<u64>()
                    .ok()
                    .and_then(|n| n.checked_mul(factor));
                match seconds {
                    Some(seconds) => Ok(Value::Duration { seconds, tokens }),
                    None => Err(Error::new_spanned(
                        &tokens,
                        format!("the duration `{int}` is too large"),
                    )),
                }
            }
            unit => Err(Error::new_spanned(
                &tokens,
                format!(
                    "unknown unit `{unit}` in `{int}`; a duration is a whole number of s, m, h or d"
                ),
            )),
        },
        Lit::Float(float) => match float.suffix() {
            "" => Ok(Value::Number {
                text: format!("{sign}{}", float.base10_digits()),
                tokens,
            }),
            "s" | "m" | "h" | "d" => Err(Error::new_spanned(
                &tokens,
                format!("a duration is a whole number, e.g. `90s`, not `{float}`"),
            )),
            unit => Err(Error::new_spanned(
                &tokens,
                format!("unexpected suffix `{unit}` on the number `{float}`"),
            )),
        },
        _ if minus.is_some() => Err(Error::new_spanned(&tokens, "expected a number after `-`")),
        Lit::Str(text) if text.suffix().is_empty() => Ok(Value::Str(text)),
        Lit::Char(_) => Err(Error::new_spanned(
            &tokens,
            "strings are written in double quotes: `\"…\"`",
        )),
        _ => Err(Error::new_spanned(&tokens, EXPECTED_VALUE)),
    }
}

/// `-1`, `-2.5`.
fn parse_negative(input: ParseStream) -> Result<Value> {
    let Some(minus) = take_punct(input, '-') else {
        return Err(err_next(input, EXPECTED_VALUE));
    };
    match input.step(|cursor| cursor.literal().ok_or_else(|| cursor.error(""))) {
        Ok(literal) => literal_value(literal, Some(minus)),
        Err(_) => Err(Error::new(minus.span(), "expected a number after `-`")),
    }
}

/// `path = "$" ( "$" | IDENT )? accessor*`, reassembled as ASL text.
fn parse_path(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let mut text = String::from("$");
    take_punct(input, '$');
    if take_punct(input, '$').is_some() {
        text.push('$');
    } else if let Some(variable) = next_ident(input) {
        text.push_str(&variable.unraw().to_string());
    }
    loop {
        if input.peek(Token![..]) && !input.peek(Token![...]) && !input.peek(Token![..=]) {
            let dots: Token![..] = input.parse()?;
            text.push_str("..");
            if let Some(field) = next_ident(input) {
                text.push_str(&field.unraw().to_string());
            } else if take_punct(input, '*').is_some() {
                text.push('*');
            } else if !input.peek(token::Bracket) {
                return Err(err_next_or(
                    input,
                    dots.spans[1],
                    "expected a field name after `..` in the path",
                ));
            }
        } else if input.peek(Token![.]) {
            let dot: Token![.] = input.parse()?;
            text.push('.');
            if let Some(field) = next_ident(input) {
                text.push_str(&field.unraw().to_string());
            } else if take_punct(input, '*').is_some() {
                text.push('*');
            } else if let Some(index) = path_index(input) {
                text.push_str(&index);
            } else {
                return Err(err_next_or(
                    input,
                    dot.spans[0],
                    "expected a field name after `.` in the path",
                ));
            }
        } else if input.peek(token::Bracket) {
            let content;
            let brackets = bracketed!(content in input);
            let inner: TokenStream = content.parse()?;
            if inner.is_empty() {
                return Err(Error::new(
                    brackets.span.join(),
                    "expected an index, a quoted name, `*` or a filter inside `[]`",
                ));
            }
            text.push('[');
            render_selector(inner, &mut text)?;
            text.push(']');
        } else {
            break;
        }
    }
    Ok(Value::Path {
        text,
        tokens: tokens_since(start, input),
    })
}

/// `0` in `$.a.0` (or `0.1`, which Rust lexes as one float), consumed.
fn path_index(input: ParseStream) -> Option<String> {
    input
        .step(|cursor| match cursor.literal() {
            Some((literal, rest)) => {
                let text = literal.to_string();
                if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                    Ok((text, rest))
                } else {
                    Err(cursor.error(""))
                }
            }
            None => Err(cursor.error("")),
        })
        .ok()
}

/// The inside of `[…]` in a path, as JSONPath text: strings become single-quoted names,
/// comparison operators get a space on each side, everything else is joined without spaces.
fn render_selector(tokens: TokenStream, out: &mut String) -> Result<()> {
    let mut word_before = false;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident) => {
                if word_before {
                    out.push(' ');
                }
                out.push_str(&ident.unraw().to_string());
                word_before = true;
            }
            TokenTree::Literal(literal) => {
                if word_before {
                    out.push(' ');
                }
                match Lit::new(literal.clone()) {
                    Lit::Str(text) => quote_single(&text.value(), out),
                    Lit::Char(ch) => quote_single(&ch.value().to_string(), out),
                    Lit::Int(_) | Lit::Float(_) => out.push_str(&literal.to_string()),
                    _ => {
                        return Err(Error::new(
                            literal.span(),
                            "expected an index, a quoted name, `*` or a filter inside `[]`",
                        ));
                    }
                }
                word_before = true;
            }
            TokenTree::Punct(punct) => {
                let mut run = String::from(punct.as_char());
                let mut spacing = punct.spacing();
                while spacing == Spacing::Joint {
                    match trees.peek() {
                        Some(TokenTree::Punct(next)) => {
                            run.push(next.as_char());
                            spacing = next.spacing();
                            trees.next();
                        }
                        _ => break,
                    }
                }
                push_operators(&run, out);
                word_before = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                    Delimiter::Brace => {
                        return Err(Error::new(
                            group.span_open(),
                            "unexpected `{` in a path; write a filter as `[?(@.x > 1)]`",
                        ));
                    }
                };
                out.push_str(open);
                render_selector(group.stream(), out)?;
                out.push_str(close);
                word_before = false;
            }
        }
    }
    Ok(())
}

/// A run of joined punctuation, with spaces around the operators in it.
fn push_operators(run: &str, out: &mut String) {
    let mut rest = run;
    while let Some(ch) = rest.chars().next() {
        let two = rest
            .get(..2)
            .filter(|pair| ["==", "!=", "<=", ">=", "&&", "||", "=~"].contains(pair));
        let (op, spaced) = match two {
            Some(pair) => (pair, true),
            None => (&rest[..ch.len_utf8()], ch == '<' || ch == '>'),
        };
        if spaced {
            out.push(' ');
            out.push_str(op);
            out.push(' ');
        } else {
            out.push_str(op);
        }
        rest = &rest[op.len()..];
    }
}

fn quote_single(text: &str, out: &mut String) {
    out.push('\'');
    for ch in text.chars() {
        if ch == '\'' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('\'');
}

/// `IDENT ( "::" IDENT )*` as a value.
fn parse_word(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let Some(first) = next_ident(input) else {
        return Err(err_next(input, EXPECTED_VALUE));
    };
    let mut words = vec![first.unraw()];
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        let Some(word) = next_ident(input) else {
            return Err(err_next(input, "expected a name after `::`"));
        };
        words.push(word.unraw());
    }
    Ok(Value::Word {
        words,
        tokens: tokens_since(start, input),
    })
}

/// `name(args…)` or `States.Name(args…)`.
fn parse_call(input: ParseStream) -> Result<Call> {
    let start = input.cursor();
    let Some(first) = next_ident(input) else {
        return Err(err_next(input, "expected the name of a function"));
    };
    let mut name = first.unraw().to_string();
    while input.peek(Token![.]) && !input.peek(Token![..]) {
        let dot: Token![.] = input.parse()?;
        let Some(part) = next_ident(input) else {
            return Err(err_next_or(
                input,
                dot.spans[0],
                "expected a name after `.`",
            ));
        };
        name.push('.');
        name.push_str(&part.unraw().to_string());
    }
    let name_tokens = tokens_since(start, input);
    if !input.peek(token::Paren) {
        return Err(err_next(
            input,
            format!("expected `(` and the arguments of `{name}`"),
        ));
    }
    let content;
    parenthesized!(content in input);
    let args = parse_list(&content, "`)` after the argument")?;
    Ok(Call {
        name,
        name_tokens,
        args,
        tokens: tokens_since(start, input),
    })
}

/// `( value "," )*` to the end of `input`, a trailing comma allowed.
fn parse_list(input: ParseStream, closing: &str) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(parse_value(input)?);
        if input.is_empty() {
            break;
        }
        if !input.peek(Token![,]) {
            return Err(err_next(input, format!("expected `,` or {closing}")));
        }
        input.parse::<Token![,]>()?;
    }
    Ok(items)
}

/// `{ ( ( STRING | IDENT ) ":" value "," )* }`.
fn parse_object(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let content;
    braced!(content in input);
    let mut members = Vec::new();
    while !content.is_empty() {
        let key_start = content.cursor();
        let key = if content.peek(LitStr) {
            content.parse::<LitStr>()?.value()
        } else if let Some(ident) = next_ident(&content) {
            ident.unraw().to_string()
        } else {
            return Err(err_next(
                &content,
                "expected a key: a name or a string in double quotes",
            ));
        };
        let key_tokens = tokens_since(key_start, &content);
        if !is_colon(&content) {
            let span = key_start.span();
            return Err(err_next_or(
                &content,
                span,
                format!("expected `:` after the key `{key}`"),
            ));
        }
        content.parse::<Token![:]>()?;
        let value = parse_value(&content)?;
        members.push((key, key_tokens, value));
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            let (key, _, _) = &members[members.len() - 1];
            return Err(err_next(
                &content,
                format!("expected `,` or `}}` after the value of `{key}`"),
            ));
        }
        content.parse::<Token![,]>()?;
    }
    Ok(Value::Object {
        members,
        tokens: tokens_since(start, input),
    })
}

/// `[ ( value "," )* ]`.
fn parse_array(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let content;
    bracketed!(content in input);
    let items = parse_list(&content, "`]` after the item")?;
    Ok(Value::Array {
        items,
        tokens: tokens_since(start, input),
    })
}

/// A whole number of seconds: `30s`, `5m`, `1h`, `2d`, or a bare integer.
fn parse_duration(input: ParseStream, after: &Ident, example: &str) -> Result<Value> {
    let message = format!("expected a duration after `{after}`, e.g. `{example}`");
    let is_int = input
        .cursor()
        .literal()
        .is_some_and(|(literal, _)| matches!(Lit::new(literal), Lit::Int(_)));
    if !is_int {
        return Err(err_next_or(input, after.span(), message));
    }
    parse_value(input)
}

/// An integer (or, with `float`, a decimal) number without a suffix.
fn parse_number(
    input: ParseStream,
    after: &Ident,
    what: &str,
    example: &str,
    float: bool,
) -> Result<Value> {
    let message = format!("expected {what} after `{after}`, e.g. `{example}`");
    let ok = input
        .cursor()
        .literal()
        .is_some_and(|(literal, _)| match Lit::new(literal) {
            Lit::Int(int) => int.suffix().is_empty(),
            Lit::Float(number) => float && number.suffix().is_empty(),
            _ => false,
        });
    if !ok {
        return Err(err_next_or(input, after.span(), message));
    }
    parse_value(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    // --- helpers ------------------------------------------------------------------------------

    fn parse(src: &str) -> Machine {
        match syn::parse_str::<Machine>(src) {
            Ok(machine) => machine,
            Err(e) => {
                let all: Vec<String> = e.into_iter().map(|e| e.to_string()).collect();
                panic!("{src}\n→ {}", all.join("\n→ "))
            }
        }
    }

    /// Every error: its message and, when spans carry locations, the source text it covers.
    fn errors(src: &str) -> Vec<(String, Option<String>)> {
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
    fn assert_error(src: &str, message: &str, token: &str) {
        let all = errors(src);
        let (first, text) = &all[0];
        assert_eq!(first, message, "for {src}");
        if let Some(text) = text {
            assert_eq!(text, token, "span of `{message}` in {src}");
        }
    }

    fn state<'a>(machine: &'a Machine, name: &str) -> &'a State {
        find_state(&machine.states, name).unwrap_or_else(|| panic!("no state {name}"))
    }

    fn find_state<'a>(states: &'a [State], name: &str) -> Option<&'a State> {
        states.iter().find(|s| s.name == name)
    }

    fn body(kind: &Kind) -> &Body {
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

    fn field<'a>(body: &'a Body, key: &str) -> &'a Value {
        body.entries
            .iter()
            .find_map(|entry| match entry {
                Entry::Field { key: k, value } if k == key => Some(value),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no field {key}"))
    }

    fn retriers(body: &Body) -> Vec<&Retrier> {
        body.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Retry(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    fn catchers(body: &Body) -> Vec<&Catcher> {
        body.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Catch(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    fn blocks<'a>(body: &'a Body, keyword: &str) -> Vec<&'a [State]> {
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
    fn value(src: &str) -> Value {
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

    fn path(src: &str) -> String {
        match value(src) {
            Value::Path { text, .. } => text,
            other => panic!("not a path: {other:?}"),
        }
    }

    /// The arms of `choice { <src> }`.
    fn arms(src: &str) -> Vec<ChoiceArm> {
        let mut machine = parse(&format!("W {{ C: choice {{ {src} }} }}"));
        match machine.states.remove(0).kind {
            Kind::Choice { arms, .. } => arms,
            other => panic!("not a choice: {other:?}"),
        }
    }

    /// The shape of the condition in `choice { <src> => Next }`.
    fn cond(src: &str) -> String {
        let arm = arms(&format!("{src} => Next")).remove(0);
        show_cond(arm.cond.as_ref().expect("a condition"))
    }

    fn show(value: &Value) -> String {
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

    fn show_call(call: &Call) -> String {
        let args: Vec<String> = call.args.iter().map(show).collect();
        format!("{}({})", call.name, args.join(", "))
    }

    fn show_cond(cond: &Cond) -> String {
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

    fn count(tokens: &TokenStream) -> usize {
        tokens.clone().into_iter().count()
    }

    // --- a whole workflow ---------------------------------------------------------------------

    const ORDER: &str = r#"
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

    // --- state kinds ----------------------------------------------------------------------------

    #[test]
    fn every_state_kind() {
        let m = parse(
            r#"W {
                T: task lambda::invoke,
                A: task activity("arn:a"),
                R: task resource("arn:aws:states:::lambda:invoke") { end },
                P: pass,
                C: choice { _ => P },
                W1: wait 30,
                W2: wait "{% $states.input.delay %}",
                S: succeed,
                F: fail,
                Par: parallel { branch { X: pass } },
                M: map { processor { Y: pass } },
            }"#,
        );
        let kinds: Vec<&str> = m
            .states
            .iter()
            .map(|s| match &s.kind {
                Kind::Task {
                    integration: Integration::Service { .. },
                    ..
                } => "service",
                Kind::Task {
                    integration: Integration::Activity { .. },
                    ..
                } => "activity",
                Kind::Task {
                    integration: Integration::Resource { .. },
                    ..
                } => "resource",
                Kind::Pass { .. } => "pass",
                Kind::Choice { .. } => "choice",
                Kind::Wait { .. } => "wait",
                Kind::Succeed { .. } => "succeed",
                Kind::Fail { .. } => "fail",
                Kind::Parallel { .. } => "parallel",
                Kind::Map { .. } => "map",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "service", "activity", "resource", "pass", "choice", "wait", "wait", "succeed",
                "fail", "parallel", "map"
            ]
        );
        // A state without braces has an empty body spanning its keyword.
        let p = body(&state(&m, "P").kind);
        assert!(p.entries.is_empty() && p.span.is_some());
        let Kind::Wait {
            what: WaitWhat::Seconds(v),
            ..
        } = &state(&m, "W1").kind
        else {
            panic!()
        };
        assert_eq!(show(v), "30");
        let Kind::Wait {
            what: WaitWhat::Seconds(v),
            ..
        } = &state(&m, "W2").kind
        else {
            panic!()
        };
        assert_eq!(show(v), "\"{% $states.input.delay %}\"");
    }

    #[test]
    fn states_without_commas_and_keyword_fields() {
        let m = parse("W { A: pass B: pass { type: 1, r#match: 2 } C: succeed }");
        assert_eq!(m.states.len(), 3);
        let b = body(&state(&m, "B").kind);
        assert_eq!(show(field(b, "type")), "1");
        assert_eq!(show(field(b, "match")), "2");
    }

    #[test]
    fn machine_header_forms() {
        let m = parse("W { A: pass }");
        assert!(matches!(m.vis, syn::Visibility::Inherited));
        assert!(m.input.is_none() && m.output.is_none() && m.docs.is_none());
        let m = parse("pub(crate) W(output = Vec<Receipt>) { }");
        assert!(matches!(m.vis, syn::Visibility::Restricted(_)));
        assert!(m.input.is_none() && m.output.is_some());
        assert!(m.states.is_empty());
        let m = parse("W(output = R, input = I,) { A: pass, }");
        assert!(m.input.is_some() && m.output.is_some());
    }

    #[test]
    fn task_integrations() {
        let m = parse(
            r#"W {
                A: task aws_sdk::s3::list_objects_v2 { arguments: { Bucket: "b" } },
                B: task ecs::run_task.sync2,
                C: task sqs::send_message.wait_for_task_token("${Q}"),
                D: task glue::start_job_run("j").sync,
            }"#,
        );
        let parts = |name: &str| match &state(&m, name).kind {
            Kind::Task {
                integration:
                    Integration::Service {
                        path,
                        args,
                        pattern,
                        ..
                    },
                ..
            } => (
                path.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("::"),
                args.len(),
                pattern.as_ref().map(ToString::to_string),
            ),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            parts("A"),
            ("aws_sdk::s3::list_objects_v2".to_owned(), 0, None)
        );
        assert_eq!(
            parts("B"),
            ("ecs::run_task".to_owned(), 0, Some("sync2".to_owned()))
        );
        assert_eq!(
            parts("C"),
            (
                "sqs::send_message".to_owned(),
                1,
                Some("wait_for_task_token".to_owned())
            )
        );
        assert_eq!(
            parts("D"),
            ("glue::start_job_run".to_owned(), 1, Some("sync".to_owned()))
        );
    }

    // --- values ---------------------------------------------------------------------------------

    #[test]
    fn value_forms() {
        let cases = [
            ("$", "$"),
            ("\"text\"", "\"text\""),
            ("r#\"raw \"quoted\"\"#", "\"raw \\\"quoted\\\"\""),
            ("42", "42"),
            ("1_000", "1000"),
            ("2.5", "2.5"),
            ("-1", "-1"),
            ("-0.5", "-0.5"),
            ("30s", "30s"),
            ("true", "true"),
            ("false", "false"),
            ("null", "null"),
            ("{ }", "{}"),
            ("{ \"a b\": 1, c: [], }", "{a b: 1, c: []}"),
            ("[1, \"two\", $.three, [4],]", "[1, \"two\", $.three, [4]]"),
            ("format(\"order {}\", $.id)", "format(\"order {}\", $.id)"),
            ("States.Format(\"{}\", $.id)", "States.Format(\"{}\", $.id)"),
            ("States.Array()", "States.Array()"),
            ("uuid()", "uuid()"),
            ("distributed", "distributed"),
            ("s3::get_object", "s3::get_object"),
            (
                "aws_sdk::s3::list_objects_v2",
                "aws_sdk::s3::list_objects_v2",
            ),
            (
                "{ Input: $, \"Key\": { nested: $$.Execution.Id } }",
                "{Input: $, Key: {nested: $$.Execution.Id}}",
            ),
        ];
        for (src, expected) in cases {
            assert_eq!(show(&value(src)), expected, "for {src}");
        }
    }

    #[test]
    fn value_tokens() {
        let Value::Call(call) = value("States.Format(\"{}\", $.id)") else {
            panic!()
        };
        assert_eq!(call.name, "States.Format");
        assert_eq!(count(&call.name_tokens), 3);
        assert_eq!(count(&call.tokens), 4);
        let Value::Object { members, tokens } = value("{ a: 1, \"b\": 2 }") else {
            panic!()
        };
        assert_eq!(count(&tokens), 1);
        assert_eq!(count(&members[0].1), 1);
        assert_eq!(members[1].0, "b");
        let Value::Number { text, tokens } = value("-7") else {
            panic!()
        };
        assert_eq!((text.as_str(), count(&tokens)), ("-7", 2));
        assert_eq!(count(&value("$.a[0]").tokens()), 4);
    }

    #[test]
    fn paths() {
        let cases = [
            ("$", "$"),
            ("$.a.b", "$.a.b"),
            ("$.a[0]", "$.a[0]"),
            ("$.a[0][\"x y\"]", "$.a[0]['x y']"),
            ("$[\"it's\"]", "$['it\\'s']"),
            ("$.a[*]", "$.a[*]"),
            ("$.a.*", "$.a.*"),
            ("$..x", "$..x"),
            ("$..[0]", "$..[0]"),
            ("$.a[?(@.x > 1)]", "$.a[?(@.x > 1)]"),
            ("$.a[?(@.x>=1&&@.y=='z')]", "$.a[?(@.x >= 1 && @.y == 'z')]"),
            ("$.a[?(@.name == \"n\")]", "$.a[?(@.name == 'n')]"),
            ("$.a[-1:]", "$.a[-1:]"),
            ("$.a[0:2]", "$.a[0:2]"),
            ("$.a[0,1]", "$.a[0,1]"),
            ("$$", "$$"),
            ("$$.Execution.Id", "$$.Execution.Id"),
            ("$$.Map.Item.Value", "$$.Map.Item.Value"),
            ("$total", "$total"),
            ("$total.x", "$total.x"),
            ("$states.input", "$states.input"),
            ("$.type", "$.type"),
            ("$.match.Type", "$.match.Type"),
            ("$.r#type", "$.type"),
            ("$.a.0", "$.a.0"),
            ("$.a.0.1", "$.a.0.1"),
            ("$ . a", "$.a"),
        ];
        for (src, expected) in cases {
            assert_eq!(path(src), expected, "for {src}");
        }
    }

    #[test]
    fn path_ends_where_the_grammar_continues() {
        // The catcher's path stops at `=>`, a comparison's path at the operator.
        let m = parse("W { A: pass { catch: [States.ALL] result_path $.e[0] => A } }");
        let c = &catchers(body(&state(&m, "A").kind))[0];
        assert_eq!(c.result_path.as_ref().map(show).as_deref(), Some("$.e[0]"));
        assert_eq!(cond("$.a[0]<$.b"), "($.a[0] < $.b)");
    }

    #[test]
    fn durations() {
        for (src, seconds) in [
            ("30s", 30),
            ("5m", 300),
            ("1h", 3600),
            ("2d", 172_800),
            ("0s", 0),
        ] {
            assert!(
                matches!(value(src), Value::Duration { seconds: s, .. } if s == seconds),
                "{src}"
            );
        }
        assert!(matches!(value("30"), Value::Number { .. }));
        assert!(matches!(value("2.0"), Value::Number { .. }));
        assert_error(
            "W { A: pass { t: 213503982334602d } }",
            "the duration `213503982334602d` is too large",
            "213503982334602d",
        );
        assert_error(
            "W { A: pass { t: 99999999999999999999s } }",
            "the duration `99999999999999999999s` is too large",
            "99999999999999999999s",
        );
        assert_error(
            "W { A: pass { t: -5s } }",
            "a duration cannot be negative",
            "-5s",
        );
        assert_error(
            "W { A: pass { t: 1.5m } }",
            "a duration is a whole number, e.g. `90s`, not `1.5m`",
            "1.5m",
        );
    }

    // --- retriers and catchers ------------------------------------------------------------------

    #[test]
    fn retriers_and_catchers() {
        let m = parse(
            r#"W { A: task lambda::invoke {
                retry: [States.ALL],
                retry: ["Any.Text", MyError, States.Timeout] x0 every 3 jitter none backoff 1,
                retry: [States.ALL] x10,
                catch: [MyError] => B,
                catch: ["A", States.ALL] assign { a: 1 } result_path null output $ => B
            }, B: pass }"#,
        );
        let b = body(&state(&m, "A").kind);
        let rs = retriers(b);
        assert_eq!(rs.len(), 3);
        assert!(rs[0].interval.is_none() && rs[0].max_attempts.is_none());
        let names: Vec<&str> = rs[1].errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Any.Text", "MyError", "States.Timeout"]);
        assert_eq!(rs[1].max_attempts.as_ref().map(show).as_deref(), Some("0"));
        assert_eq!(rs[1].interval.as_ref().map(show).as_deref(), Some("3"));
        assert_eq!(
            rs[1].jitter.as_ref().map(ToString::to_string).as_deref(),
            Some("none")
        );
        assert_eq!(rs[1].backoff.as_ref().map(show).as_deref(), Some("1"));
        assert_eq!(rs[2].max_attempts.as_ref().map(show).as_deref(), Some("10"));
        let cs = catchers(b);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].errors[0].name, "MyError");
        assert!(cs[0].result_path.is_none());
        assert_eq!(
            cs[1].result_path.as_ref().map(show).as_deref(),
            Some("null")
        );
        assert_eq!(cs[1].output.as_ref().map(show).as_deref(), Some("$"));
        assert_eq!(cs[1].assign.as_ref().map(show).as_deref(), Some("{a: 1}"));
        assert_eq!(cs[1].next, "B");
    }

    // --- nesting --------------------------------------------------------------------------------

    #[test]
    fn nested_parallel_and_map() {
        let m = parse(
            r#"W {
                P: parallel {
                    branch {
                        M: map {
                            processor {
                                Q: parallel {
                                    branch { X: pass, Y: succeed }
                                    branch { Z: map { processor { Inner: pass { end } } } }
                                }
                            }
                        }
                    }
                    branch { Last: fail }
                }
            }"#,
        );
        let p = body(&state(&m, "P").kind);
        let branches = blocks(p, "branch");
        assert_eq!(branches.len(), 2);
        let map = find_state(branches[0], "M").expect("M");
        let processor = blocks(body(&map.kind), "processor");
        let q = find_state(processor[0], "Q").expect("Q");
        let inner_branches = blocks(body(&q.kind), "branch");
        assert_eq!(inner_branches[0].len(), 2);
        let z = find_state(inner_branches[1], "Z").expect("Z");
        let deepest = blocks(body(&z.kind), "processor");
        assert_eq!(deepest[0][0].name, "Inner");
    }

    // --- conditions -----------------------------------------------------------------------------

    #[test]
    fn condition_precedence() {
        let cases = [
            ("$.a == 1", "($.a == 1)"),
            ("$.a != \"x\"", "($.a != \"x\")"),
            ("$.a <= $.b", "($.a <= $.b)"),
            ("$.a >= -1.5", "($.a >= -1.5)"),
            (
                "$.a > 1 || $.b < 2 && $.c == 3",
                "(or ($.a > 1) (and ($.b < 2) ($.c == 3)))",
            ),
            (
                "$.a > 1 && $.b < 2 || $.c == 3",
                "(or (and ($.a > 1) ($.b < 2)) ($.c == 3))",
            ),
            (
                "($.a > 1 || $.b < 2) && $.c == 3",
                "(and (or ($.a > 1) ($.b < 2)) ($.c == 3))",
            ),
            ("!$.a == 1 && $.b == 2", "(and (not ($.a == 1)) ($.b == 2))"),
            ("!!is_present($.x)", "(not (not is_present($.x)))"),
            (
                "!($.a == 1 || $.b == 2)",
                "(not (or ($.a == 1) ($.b == 2)))",
            ),
            (
                "$.a == 1 && $.b == 2 && $.c == 3",
                "(and ($.a == 1) ($.b == 2) ($.c == 3))",
            ),
            ("((($.a == true)))", "($.a == true)"),
            (
                "$.ts < timestamp(\"2026-01-01T00:00:00Z\")",
                "($.ts < timestamp(\"2026-01-01T00:00:00Z\"))",
            ),
            ("number($.s) > 5", "(number($.s) > 5)"),
            ("$.x == null", "($.x == null)"),
            ("matches($.name, \"log-*\")", "matches($.name, \"log-*\")"),
            (
                "\"{% $states.input.ok %}\"",
                "jsonata \"{% $states.input.ok %}\"",
            ),
            (
                "is_present($.a) && \"{% true %}\"",
                "(and is_present($.a) jsonata \"{% true %}\")",
            ),
            ("$total > $.limit", "($total > $.limit)"),
        ];
        for (src, shape) in cases {
            assert_eq!(cond(src), shape, "for {src}");
        }
    }

    #[test]
    fn choice_arms() {
        let arms =
            arms("$.a == 1 output $.x => A, $.b == 2 assign { y: 1 } => B, _ assign { z: 2 } => C");
        assert_eq!(arms.len(), 3);
        assert!(arms[2].cond.is_none());
        assert_eq!(arms[2].assign.as_ref().map(show).as_deref(), Some("{z: 2}"));
        assert_eq!(arms[0].output.as_ref().map(show).as_deref(), Some("$.x"));
        // The arm's tokens run from its first token to the target.
        assert_eq!(count(&arms[0].tokens), 13);
        let Some(Cond::Compare {
            op_tokens, tokens, ..
        }) = &arms[0].cond
        else {
            panic!()
        };
        assert_eq!(count(op_tokens), 2);
        assert_eq!(count(tokens), 6);
    }

    // --- docs and attributes --------------------------------------------------------------------

    #[test]
    fn docs_and_attributes() {
        let m = parse(
            "/// One.\n///\n///   Indented.\n#[standard] #[jsonpath] W {\n\
             /** Block. */ #[jsonpath] #[output(Vec<u8>)] A: pass }",
        );
        assert_eq!(
            m.docs.as_ref().map(LitStr::value).as_deref(),
            Some("One.\n\n  Indented.")
        );
        assert_eq!(m.attrs.len(), 2);
        let a = state(&m, "A");
        assert_eq!(
            a.docs.as_ref().map(LitStr::value).as_deref(),
            Some("Block. ")
        );
        assert_eq!(a.attrs[1].name, "output");
        assert!(a.attrs[1].ty.is_some());
        // Other doc forms are ignored.
        let m = parse("#[doc(hidden)] W { A: pass }");
        assert!(m.docs.is_none() && m.attrs.is_empty());
    }

    // --- errors ---------------------------------------------------------------------------------

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
                 jsonpath, timeout, version, name; did you mean `express`?",
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
