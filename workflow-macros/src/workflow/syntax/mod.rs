//! Stage 1 of the macro: tokens → a spanned syntax tree, with no ASL semantics.
//!
//! The grammar (`?` optional, `*` repeated, `|` alternatives, quoted text is literal tokens):
//!
//! ```text
//! input      = machine
//! machine    = outer_doc* attr* vis? IDENT data_types? "{" states "}"
//! attr       = "#" "[" ( "express" | "standard" | "jsonata" | "jsonpath"
//!                      | "timeout" "(" duration ")" | "version" "(" STRING ")"
//!                      | "name" "(" STRING ")" | lint_level "(" IDENT ( "," IDENT )* ")" ) "]"
//! lint_level = "allow" | "warn" | "deny"      -- on the machine or a state, e.g. #[allow(no_dollar)]
//! data_types = "(" ( "input" "=" TYPE ( "," "output" "=" TYPE )? | "output" "=" TYPE ) ")"
//! states     = ( state ","? )*
//! state      = outer_doc* attr* name ":" kind
//! name       = IDENT | STRING                         -- "Put Order": any state name
//!              -- a state's attributes: #[jsonata], #[jsonpath], #[input(TYPE)], and the
//!              -- lint levels
//! kind       = "task" integration ( "->" TYPE )? body?     -- TYPE: the declared result
//!            | "pass" body?
//!            | "choice" "{" ( choice_arm "," )* "}"
//!            | "wait" ( duration | path | "until" ( STRING | path ) | expr_string ) body?
//!            | "succeed" body?
//!            | "fail" body?
//!            | "parallel" body             -- the body holds `branch { states }` blocks
//!            | "map" body                  -- the body holds one `processor { states }` block
//!            | "json" json_object          -- the state in ASL JSON: the escape hatch
//! integration= svc_path call_args? pattern?          -- lambda::invoke("${Fn}"), sns::publish
//!            | "activity" "(" value ")"
//!            | "resource" "(" value ")"               -- any Resource string, as written
//! svc_path   = IDENT ( "::" IDENT )+                  -- aws_sdk::s3::list_objects_v2 too
//! pattern    = "." ( "sync" | "sync2" | "wait_for_task_token" )
//! body       = "{" ( outer_doc* entry ","? )* "}"      -- `///` before a retry, catch, branch
//!                                                     -- or processor is its Comment
//! entry      = "branch" "{" states "}"
//!            | ( "processor" | "iterator" ) "{" states "}"   -- `iterator`: the legacy Iterator
//!            | "end"                                  -- End: true
//!            | "retry" ":" retrier
//!            | "catch" ":" catcher
//!            | IDENT ":" value                        -- every other field, e.g. timeout: 30s
//! retrier    = outer_doc* error_list ( "every" duration | "x" INT | "backoff" FLOAT | "max_delay" duration
//!                         | "jitter" ( "full" | "none" ) )*      -- `x2` is read as `x 2`
//! catcher    = outer_doc* error_list ( "result_path" value | "output" value | "assign" value )* "=>" name
//! error_list = "[" ( error_name "," )* "]"            -- error_name: States.ALL, MyError, "Any.Text"
//! choice_arm = outer_doc* cond ( "assign" value | "output" value )* "=>" name
//!            | "_" ( "assign" value | "output" value )* "=>" name     -- the Default
//! cond       = or ;  or = and ( "||" and )* ; and = unary ( "&&" unary )*
//! unary      = "!" unary | "(" cond ")" | compare | call | expr_string   -- expr_string: JSONata
//! compare    = operand ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) operand
//! operand    = path | literal | call                  -- call: timestamp("…"), number($.x), …
//! call       = IDENT "(" ( value "," )* ")"           -- is_present($.x), matches($.s, "a*"),
//!                                                     -- States.Format('…', $.x) as format("…", $.x)
//! value      = path | literal | duration | json_object | json_array | call | IDENT ( "::" IDENT )*
//! path       = "$" ( "$" | IDENT )? accessor*         -- $, $.a.b[0], $$.Task.Token, $total.sum
//! accessor   = "." IDENT | "." INT | "[" ( INT | STRING | "*" | ... ) "]" | ".." IDENT
//! json_object= "{" ( ( STRING | IDENT ) ":" value "," )* "}"
//! json_array = "[" ( value "," )* "]"
//! duration   = INT ( suffix "s" | "m" | "h" | "d" )?  -- 30s, 5m, 1h, 2d; a bare INT is seconds
//! ```
//!
//! Anywhere in the input, `name!()` (or `path::name!()`) stands for the tokens of a fragment that
//! `fragment!` declares; they are spliced in before this stage reads anything (see
//! [`fragment`](super::fragment)).
//!
//! A state without `next:` or `end` continues with the state written after it; the last state of
//! a scope ends it.

mod parse;

pub(crate) use parse::{LINT_ATTRS, MACHINE_ATTRS, STATE_ATTRS};

use proc_macro2::{Span, TokenStream};
use syn::{Ident, LitStr, Type};

/// A whole `workflow! { … }` invocation.
#[derive(Debug)]
pub struct Machine {
    /// `///` lines, joined: the machine's Comment.
    pub docs: Option<LitStr>,
    pub attrs: Vec<Attr>,
    pub vis: syn::Visibility,
    pub name: Ident,
    pub input: Option<Type>,
    pub output: Option<Type>,
    pub states: Vec<State>,
    /// The span of the braces around the states, for errors about the whole machine.
    pub body_span: Span,
}

/// `#[express]`, `#[timeout(1h)]`, `#[input(Order)]`, …
#[derive(Debug)]
pub struct Attr {
    pub name: Ident,
    /// The parenthesized argument, if any.
    pub arg: Option<Value>,
    /// The type argument of `#[input(T)]` / `#[output(T)]`.
    pub ty: Option<Type>,
    /// The lints of `#[allow(…)]`, `#[warn(…)]` and `#[deny(…)]`, e.g. `no_dollar`.
    pub lints: Vec<Ident>,
}

/// `Name: kind …`.
#[derive(Debug)]
pub struct State {
    pub docs: Option<LitStr>,
    pub attrs: Vec<Attr>,
    pub name: Name,
    pub kind: Kind,
}

/// A state's name, where it is declared or targeted: an identifier, or a string for any other
/// name (`"Put Order to DynamoDB"`), which the ASL gets exactly.
#[derive(Debug, Clone)]
pub struct Name {
    pub text: String,
    pub tokens: TokenStream,
}

impl quote::ToTokens for Name {
    fn to_tokens(&self, out: &mut TokenStream) {
        out.extend(self.tokens.clone());
    }
}

impl Name {
    /// Where the name is written.
    pub fn span(&self) -> Span {
        self.tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span())
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The state type and its type-specific head.
#[derive(Debug)]
pub enum Kind {
    Task {
        keyword: Ident,
        integration: Integration,
        /// `-> Type`: the declared result (for `lambda::invoke`, the function's payload).
        result: Option<Box<Type>>,
        body: Body,
    },
    Pass {
        keyword: Ident,
        body: Body,
    },
    Choice {
        keyword: Ident,
        arms: Vec<ChoiceArm>,
    },
    Wait {
        keyword: Ident,
        what: WaitWhat,
        body: Body,
    },
    Succeed {
        keyword: Ident,
        body: Body,
    },
    Fail {
        keyword: Ident,
        body: Body,
    },
    Parallel {
        keyword: Ident,
        body: Body,
    },
    Map {
        keyword: Ident,
        body: Body,
    },
    /// `json { "Type": "Task", … }`: the state in ASL JSON, for what the DSL has no form for;
    /// it meets the same validator.
    Json {
        keyword: Ident,
        value: Value,
    },
}

/// What a Task calls.
#[derive(Debug)]
pub enum Integration {
    /// `lambda::invoke("${Fn}")`, `sqs::send_message.wait_for_task_token`,
    /// `aws_sdk::s3::list_buckets`.
    Service {
        /// `lambda`, `invoke` (or `aws_sdk`, `s3`, `list_buckets`).
        path: Vec<Ident>,
        args: Vec<Value>,
        /// `sync`, `sync2` or `wait_for_task_token`, with the span of the whole `.pattern`.
        pattern: Option<Ident>,
        /// All tokens of the integration, for errors about it as a whole.
        tokens: TokenStream,
    },
    /// `activity("arn:…")`.
    Activity { keyword: Ident, arn: Value },
    /// `resource("arn:…")`: any Resource string as written.
    Resource { keyword: Ident, arn: Value },
}

/// The head of a Wait state.
#[derive(Debug)]
pub enum WaitWhat {
    /// `wait 30s` or `wait $.delay` (seconds, or SecondsPath) or `wait "{% … %}"`.
    Seconds(Value),
    /// `wait until "2026-01-01T00:00:00Z"` or `wait until $.when`.
    Until { keyword: Ident, at: Value },
}

/// The braced part of a state.
#[derive(Debug, Default)]
pub struct Body {
    pub entries: Vec<Entry>,
    /// The span of the braces (or of the state's keyword when there is no body).
    pub span: Option<Span>,
}

/// One entry of a body.
#[derive(Debug)]
pub enum Entry {
    /// `key: value`.
    Field { key: Ident, value: Value },
    /// `end`.
    End(Ident),
    /// `retry: [Errors] every 1s x2 backoff 2.0 …`.
    Retry(Retrier),
    /// `catch: [Errors] result_path $.error => Target`.
    Catch(Catcher),
    /// `branch { states }` (Parallel), with its `///` comment.
    Branch {
        docs: Option<LitStr>,
        keyword: Ident,
        states: Vec<State>,
        span: Span,
    },
    /// `processor { states }` or the legacy `iterator { states }` (Map), with its `///`
    /// comment.
    Processor {
        docs: Option<LitStr>,
        keyword: Ident,
        states: Vec<State>,
        span: Span,
    },
}

/// An error name in `[...]`: `States.ALL`, `MyError`, or a string for any other text.
#[derive(Debug, Clone)]
pub struct ErrorName {
    pub name: String,
    pub tokens: TokenStream,
}

#[derive(Debug)]
pub struct Retrier {
    /// The `///` lines before it: the retrier's Comment.
    pub docs: Option<LitStr>,
    pub keyword: Ident,
    pub errors: Vec<ErrorName>,
    pub errors_span: Span,
    /// `every 1s` → IntervalSeconds.
    pub interval: Option<Value>,
    /// `x2` → MaxAttempts.
    pub max_attempts: Option<Value>,
    /// `backoff 2.0` → BackoffRate.
    pub backoff: Option<Value>,
    /// `max_delay 30s` → MaxDelaySeconds.
    pub max_delay: Option<Value>,
    /// `jitter full` → JitterStrategy.
    pub jitter: Option<Ident>,
}

#[derive(Debug)]
pub struct Catcher {
    /// The `///` lines before it: the catcher's Comment.
    pub docs: Option<LitStr>,
    pub keyword: Ident,
    pub errors: Vec<ErrorName>,
    pub errors_span: Span,
    pub result_path: Option<Value>,
    pub output: Option<Value>,
    pub assign: Option<Value>,
    pub next: Name,
}

/// One arm of a `choice { … }`.
#[derive(Debug)]
pub struct ChoiceArm {
    /// The `///` lines before it: the choice rule's Comment.
    pub docs: Option<LitStr>,
    /// `None` for the `_ => Default` arm.
    pub cond: Option<Cond>,
    pub assign: Option<Value>,
    pub output: Option<Value>,
    pub next: Name,
    pub tokens: TokenStream,
}

/// A boolean condition of a Choice arm.
#[derive(Debug)]
pub enum Cond {
    Or(Vec<Cond>, TokenStream),
    And(Vec<Cond>, TokenStream),
    Not(Box<Cond>, TokenStream),
    /// `left op right`.
    Compare {
        left: Value,
        op: CompareOp,
        op_tokens: TokenStream,
        right: Value,
        tokens: TokenStream,
    },
    /// `is_present($.x)`, `matches($.s, "a*")`, …
    Call(Call),
    /// A JSONata condition `"{% … %}"`.
    Jsonata(LitStr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// `name(args…)`: intrinsic functions in values, tests and typed operands in conditions.
#[derive(Debug)]
pub struct Call {
    /// `format`, `is_present`, … or the two-part `States.Format`.
    pub name: String,
    pub name_tokens: TokenStream,
    pub args: Vec<Value>,
    pub tokens: TokenStream,
}

/// A value in a field, a payload, an argument or a comparison.
#[derive(Debug)]
pub enum Value {
    /// `$.a.b`, `$$.Task.Token`, `$var.x`: the path text, reassembled.
    Path {
        text: String,
        tokens: TokenStream,
    },
    Str(LitStr),
    /// An integer or float literal without a duration suffix, as written.
    Number {
        text: String,
        tokens: TokenStream,
    },
    /// `30s`, `5m`, `1h`, `2d`: a number of seconds.
    Duration {
        seconds: u64,
        tokens: TokenStream,
    },
    Bool {
        value: bool,
        tokens: TokenStream,
    },
    Null(TokenStream),
    Object {
        members: Vec<(String, TokenStream, Value)>,
        tokens: TokenStream,
    },
    Array {
        items: Vec<Value>,
        tokens: TokenStream,
    },
    Call(Call),
    /// An identifier or `a::b` path used as a value: a state name, an enum-like keyword
    /// (`distributed`, `csv`, `first_row`), a service action (`s3::get_object`).
    Word {
        words: Vec<Ident>,
        tokens: TokenStream,
    },
}

impl Value {
    /// The tokens the value was parsed from, for errors pointing at it.
    pub fn tokens(&self) -> TokenStream {
        use quote::ToTokens;
        match self {
            Value::Path { tokens, .. }
            | Value::Number { tokens, .. }
            | Value::Duration { tokens, .. }
            | Value::Bool { tokens, .. }
            | Value::Null(tokens)
            | Value::Object { tokens, .. }
            | Value::Array { tokens, .. }
            | Value::Word { tokens, .. } => tokens.clone(),
            Value::Str(s) => s.to_token_stream(),
            Value::Call(c) => c.tokens.clone(),
        }
    }
}
