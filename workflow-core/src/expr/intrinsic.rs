//! Intrinsic functions: `States.Name(arg, …)` calls in payload templates of JSONPath states.
//!
//! Syntax, as AWS reads it:
//!
//! * the name, `(`, arguments separated by `,`, `)`; whitespace may surround arguments but the
//!   text must start with the name and end with `)` (no padding);
//! * an argument is a string literal in single quotes, a number (`-1`, `2.5`, `1e3`), `true`,
//!   `false`, `null`, a path (`$.x`, `$$.Execution.Id`, `$var`) or another call;
//! * in string literals only `\'`, `\{`, `\}` and `\\` are escapes ("the following characters
//!   are reserved … and must be escaped with a backslash"); any other backslash is an error
//!   (AWS rejects `'\"'`). Unescaped braces are accepted (AWS accepts
//!   `States.StringToJson('{"a": 1}')`).
//!
//! [`check`] then looks at names, arity and literal argument types.

use super::ExprError;
use super::path::{self, Path, RawError, describe};
use crate::rules::Rule;

/// Calls nest at most this deep while parsing (AWS allows 10; deeper is a [`check`] finding,
/// far deeper is a parse error so recursion stays bounded).
const MAX_PARSE_DEPTH: usize = 64;

/// AWS's limit on nested intrinsic function calls within a field.
pub const MAX_NESTING: usize = 10;

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Intrinsic {
    text: String,
    /// The function name as written, e.g. `States.Format`.
    pub name: String,
    pub args: Vec<Arg>,
    /// Byte ranges of the arguments in `text`, for placeholder counting and messages.
    spans: Vec<(usize, usize)>,
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// A string literal, unescaped.
    String(String),
    /// A number literal as written.
    Number(String),
    Bool(bool),
    Null,
    Path(Path),
    Call(Intrinsic),
}

impl Intrinsic {
    /// Parses a whole intrinsic function call.
    pub fn parse(text: &str) -> Result<Intrinsic, ExprError> {
        let mut p = Parser { s: text, pos: 0 };
        p.top().map_err(|e| e.into_expr_error(text, 0))
    }

    /// The text the call was parsed from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// How deep calls nest: 1 for a call without nested calls.
    pub fn depth(&self) -> usize {
        1 + self
            .args
            .iter()
            .map(|a| match a {
                Arg::Call(c) => c.depth(),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// Every path read by this call and its nested calls.
    pub fn paths(&self) -> Vec<&Path> {
        let mut out = Vec::new();
        for arg in &self.args {
            match arg {
                Arg::Path(p) => out.push(p),
                Arg::Call(c) => out.extend(c.paths()),
                _ => {}
            }
        }
        out
    }

    /// The source text of argument `i`.
    fn arg_text(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|&(a, b)| self.text.get(a..b))
            .unwrap_or_default()
    }
}

impl std::fmt::Display for Intrinsic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Arg {
    /// The kind of value the argument certainly has, when it is known before running.
    pub fn kind(&self) -> ValueKind {
        match self {
            Arg::String(_) => ValueKind::String,
            Arg::Number(_) => ValueKind::Number,
            Arg::Bool(_) => ValueKind::Boolean,
            Arg::Null => ValueKind::Null,
            Arg::Path(_) => ValueKind::Any,
            Arg::Call(c) => signature(&c.name).map_or(ValueKind::Any, |s| s.returns),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, RawError> {
        Err(RawError::new(message, self.pos))
    }

    fn top(&mut self) -> Result<Intrinsic, RawError> {
        match self.peek() {
            None => return self.err("an intrinsic function call must not be empty"),
            Some(c) if c.is_whitespace() => {
                return self.err("an intrinsic function call must not start with whitespace");
            }
            _ => {}
        }
        let call = self.call(1)?;
        if self.pos < self.s.len() {
            let rest = &self.s[self.pos..];
            // AWS's own language service accepts trailing whitespace after the call (not
            // leading whitespace, which statelint's fixtures show AWS refusing).
            if rest.chars().all(char::is_whitespace) {
                // Keep the whole text, so the emitter writes back exactly what was read.
                return Ok(Intrinsic {
                    text: self.s.to_string(),
                    ..call
                });
            }
            return self.err(format!(
                "unexpected {} after the closing ) of {}",
                describe(rest.chars().next().unwrap_or(' ')),
                call.name
            ));
        }
        Ok(call)
    }

    /// A call starting at the current position; `depth` is 1 for the outermost call.
    fn call(&mut self, depth: usize) -> Result<Intrinsic, RawError> {
        if depth > MAX_PARSE_DEPTH {
            return self.err(format!(
                "intrinsic function calls nest more than {MAX_PARSE_DEPTH} deep"
            ));
        }
        let start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        let name = &self.s[start..self.pos];
        if name.is_empty() {
            return match self.peek() {
                Some(c) => self.err(format!("expected a function name, found {}", describe(c))),
                None => self.err("expected a function name"),
            };
        }
        if name.split('.').any(str::is_empty) || name.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(RawError::new(
                format!("{name:?} is not a function name"),
                start,
            ));
        }
        match self.peek() {
            Some('(') => self.pos += 1,
            Some(c) => {
                return self.err(format!("expected ( after {name}, found {}", describe(c)));
            }
            None => return self.err(format!("expected ( after {name}")),
        }
        let name = name.to_string();
        let open = self.pos - 1;
        let mut args = Vec::new();
        let mut spans = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
        } else {
            loop {
                let arg_start = self.pos;
                let arg = self.arg(depth)?;
                spans.push((arg_start - start, self.pos - start));
                args.push(arg);
                self.skip_ws();
                match self.peek() {
                    Some(',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(RawError::new(format!("unclosed ( of {name}"), open)),
                    Some(c) => {
                        return self.err(format!(
                            "unexpected {} in the arguments of {name}; expected , or )",
                            describe(c)
                        ));
                    }
                }
            }
        }
        Ok(Intrinsic {
            text: self.s[start..self.pos].to_string(),
            name,
            args,
            spans,
        })
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, RawError> {
        match self.peek() {
            None => self.err("expected an argument"),
            Some('\'') => self.string().map(Arg::String),
            Some('$') => self.path().map(Arg::Path),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number().map(Arg::Number),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let start = self.pos;
                let mut end = start;
                while self.s[end..].chars().next().is_some_and(is_name_char) {
                    end += 1;
                }
                let word = &self.s[start..end];
                let literal = match word {
                    "true" => Some(Arg::Bool(true)),
                    "false" => Some(Arg::Bool(false)),
                    "null" => Some(Arg::Null),
                    _ => None,
                };
                match literal {
                    Some(lit) if !self.s[end..].starts_with('(') => {
                        self.pos = end;
                        Ok(lit)
                    }
                    _ if self.s[end..].starts_with('(') => self.call(depth + 1).map(Arg::Call),
                    _ => self.err(format!(
                        "unexpected {word:?}; expected a string in single quotes, a number, true, false, null, a path or an intrinsic function"
                    )),
                }
            }
            Some(')') | Some(',') => self.err("expected an argument"),
            Some('"') => self.err("string literals in intrinsic functions use single quotes"),
            Some(c) => self.err(format!(
                "unexpected {}; expected a string in single quotes, a number, true, false, null, a path or an intrinsic function",
                describe(c)
            )),
        }
    }

    /// A single-quoted string literal; returns it unescaped.
    fn string(&mut self) -> Result<String, RawError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(RawError::new("unclosed string literal", open)),
                Some('\'') => return Ok(out),
                Some('\\') => {
                    let at = self.pos - 1;
                    match self.bump() {
                        Some(c @ ('\'' | '{' | '}' | '\\')) => out.push(c),
                        Some(c) => {
                            return Err(RawError::new(
                                format!(
                                    "invalid escape sequence \\{c} in a string literal; only \\', \\{{, \\}} and \\\\ are escapes"
                                ),
                                at,
                            ));
                        }
                        None => return Err(RawError::new("unclosed string literal", open)),
                    }
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Result<String, RawError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos > s
        };
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        if !digits(self) {
            return self.err("expected digits in a number");
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            if !digits(self) {
                return self.err("expected digits after the decimal point");
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.err("expected digits in the exponent");
            }
        }
        if let Some(c) = self.peek()
            && (c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '\'' | '"'))
        {
            return self.err(format!("unexpected {} after a number", describe(c)));
        }
        Ok(self.s[start..self.pos].to_string())
    }

    /// A path argument: it runs to the first `,`, `)` or whitespace outside brackets.
    fn path(&mut self) -> Result<Path, RawError> {
        let start = self.pos;
        let bytes = self.s.as_bytes();
        let mut i = start;
        let mut depth = 0usize;
        while i < bytes.len() {
            match bytes[i] {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                q @ (b'\'' | b'"') if depth > 0 => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                b',' | b')' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        // `i` only stops on ASCII bytes or the end, so it is a char boundary; clamp in case a
        // backslash was the last byte.
        let end = i.min(bytes.len());
        let text = &self.s[start..end];
        let path = path::parse_raw(text, true)
            .map_err(|e| RawError::new(e.message, start + e.at.min(text.len())))?;
        self.pos = end;
        Ok(path)
    }
}

// ---------------------------------------------------------------------------------------------
// Signatures

/// The kind of a JSON value, as far as the checks here need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Unknown before running (a path, or a function that may return anything).
    Any,
    String,
    Number,
    Boolean,
    Array,
    Object,
    Null,
}

impl ValueKind {
    /// Whether a value of kind `actual` may be passed where `self` is expected.
    pub fn accepts(self, actual: ValueKind) -> bool {
        self == ValueKind::Any || actual == ValueKind::Any || self == actual
    }

    /// A noun phrase for messages: "a string", "an array".
    pub fn noun(self) -> &'static str {
        match self {
            ValueKind::Any => "any value",
            ValueKind::String => "a string",
            ValueKind::Number => "a number",
            ValueKind::Boolean => "a boolean",
            ValueKind::Array => "an array",
            ValueKind::Object => "an object",
            ValueKind::Null => "null",
        }
    }
}

/// What an intrinsic function takes and returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    pub name: &'static str,
    pub min_args: usize,
    /// `None`: any number of arguments.
    pub max_args: Option<usize>,
    /// The kind of each leading argument.
    pub params: &'static [ValueKind],
    /// The kind of arguments after `params`.
    pub rest: ValueKind,
    pub returns: ValueKind,
    /// How a call is written, for help lines.
    pub usage: &'static str,
}

impl Signature {
    /// The kind expected at argument position `i` (0-based).
    pub fn param(&self, i: usize) -> ValueKind {
        self.params.get(i).copied().unwrap_or(self.rest)
    }
}

use ValueKind as K;

const fn sig(
    name: &'static str,
    min_args: usize,
    max_args: Option<usize>,
    params: &'static [ValueKind],
    rest: ValueKind,
    returns: ValueKind,
    usage: &'static str,
) -> Signature {
    Signature {
        name,
        min_args,
        max_args,
        params,
        rest,
        returns,
        usage,
    }
}

/// Every intrinsic function AWS defines, from the Step Functions developer guide.
#[rustfmt::skip]
static SIGNATURES: &[Signature] = &[
    sig("States.Format", 1, None, &[K::String], K::Any, K::String, "States.Format('template with {}', value, …)"),
    sig("States.StringToJson", 1, Some(1), &[K::String], K::Any, K::Any, "States.StringToJson(string)"),
    sig("States.JsonToString", 1, Some(1), &[K::Any], K::Any, K::String, "States.JsonToString(path)"),
    sig("States.Array", 0, None, &[], K::Any, K::Array, "States.Array(value, …)"),
    sig("States.ArrayPartition", 2, Some(2), &[K::Array, K::Number], K::Any, K::Array, "States.ArrayPartition(array, chunkSize)"),
    sig("States.ArrayContains", 2, Some(2), &[K::Array, K::Any], K::Any, K::Boolean, "States.ArrayContains(array, value)"),
    sig("States.ArrayRange", 3, Some(3), &[K::Number, K::Number, K::Number], K::Any, K::Array, "States.ArrayRange(first, last, step)"),
    sig("States.ArrayGetItem", 2, Some(2), &[K::Array, K::Number], K::Any, K::Any, "States.ArrayGetItem(array, index)"),
    sig("States.ArrayLength", 1, Some(1), &[K::Array], K::Any, K::Number, "States.ArrayLength(array)"),
    sig("States.ArrayUnique", 1, Some(1), &[K::Array], K::Any, K::Array, "States.ArrayUnique(array)"),
    sig("States.Base64Encode", 1, Some(1), &[K::String], K::Any, K::String, "States.Base64Encode(string)"),
    sig("States.Base64Decode", 1, Some(1), &[K::String], K::Any, K::String, "States.Base64Decode(string)"),
    sig("States.Hash", 2, Some(2), &[K::Any, K::String], K::Any, K::String, "States.Hash(data, 'SHA-256')"),
    sig("States.JsonMerge", 3, Some(3), &[K::Object, K::Object, K::Boolean], K::Any, K::Object, "States.JsonMerge(object1, object2, false)"),
    sig("States.MathRandom", 2, Some(3), &[K::Number, K::Number, K::Number], K::Any, K::Number, "States.MathRandom(start, end[, seed])"),
    sig("States.MathAdd", 2, Some(2), &[K::Number, K::Number], K::Any, K::Number, "States.MathAdd(number, number)"),
    sig("States.StringSplit", 2, Some(2), &[K::String, K::String], K::Any, K::Array, "States.StringSplit(string, delimiters)"),
    sig("States.UUID", 0, Some(0), &[], K::Any, K::String, "States.UUID()"),
];

/// The names of all intrinsic functions.
pub const NAMES: &[&str] = &[
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
];

/// The algorithms `States.Hash` takes.
pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// The signature of a known intrinsic function (names are case-sensitive).
pub fn signature(name: &str) -> Option<&'static Signature> {
    SIGNATURES.iter().find(|s| s.name == name)
}

// ---------------------------------------------------------------------------------------------
// Checks

type Finding = (Rule, String, Option<String>);

/// Checks one call and its nested calls; returns (rule, message, help) triples.
pub fn check(call: &Intrinsic) -> Vec<(Rule, String, Option<String>)> {
    let mut out = Vec::new();
    let depth = call.depth();
    if depth > MAX_NESTING {
        out.push((
            Rule::IntrinsicNesting,
            format!(
                "intrinsic function calls nest {depth} deep, more than the {MAX_NESTING} AWS allows"
            ),
            Some("compute part of the value in an earlier state".to_string()),
        ));
    }
    check_call(call, &mut out);
    out
}

/// The known name closest to `name`, compared without the `States.` prefix (in any case).
fn suggest(name: &str) -> Option<String> {
    let bare = match name.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("States.") => &name[7..],
        _ => name,
    };
    let names = NAMES.iter().map(|n| n.strip_prefix("States.").unwrap_or(n));
    crate::did_you_mean::closest(bare, names).map(|n| format!("States.{n}"))
}

fn check_call(call: &Intrinsic, out: &mut Vec<Finding>) {
    for arg in &call.args {
        if let Arg::Call(inner) = arg {
            check_call(inner, out);
        }
    }
    let Some(sig) = signature(&call.name) else {
        let help = match suggest(&call.name) {
            Some(s) => format!("did you mean {s}?"),
            None => format!("the intrinsic functions are {}", NAMES.join(", ")),
        };
        out.push((
            Rule::UnknownIntrinsic,
            format!("unknown intrinsic function {}", call.name),
            Some(help),
        ));
        return;
    };
    let n = call.args.len();
    if n < sig.min_args || sig.max_args.is_some_and(|max| n > max) {
        let takes = match sig.max_args {
            Some(max) if max == sig.min_args => plural(max, "argument"),
            Some(max) => format!("{} to {max} arguments", sig.min_args),
            None => format!("at least {}", plural(sig.min_args, "argument")),
        };
        out.push((
            Rule::IntrinsicArity,
            format!("intrinsic function {} takes {takes}, not {n}", sig.name),
            Some(format!("usage: {}", sig.usage)),
        ));
    }
    for (i, arg) in call.args.iter().enumerate() {
        let expected = sig.param(i);
        let actual = arg.kind();
        if expected.accepts(actual) {
            continue;
        }
        let what = match arg {
            Arg::Call(inner) => format!("{} returns {}", inner.name, actual.noun()),
            _ => format!("{} is {}", call.arg_text(i), actual.noun()),
        };
        out.push((
            Rule::IntrinsicArgument,
            format!(
                "argument {} of {} must be {}, but {what}",
                i + 1,
                sig.name,
                expected.noun()
            ),
            Some(format!("usage: {}", sig.usage)),
        ));
    }
    check_values(call, sig, out);
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A number literal's value.
fn number(arg: Option<&Arg>) -> Option<f64> {
    match arg {
        Some(Arg::Number(s)) => s.parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// Checks on literal values beyond their kind.
fn check_values(call: &Intrinsic, sig: &Signature, out: &mut Vec<Finding>) {
    let mut bad = |message: String, help: Option<String>| {
        out.push((Rule::IntrinsicArgument, message, help));
    };
    let args = &call.args;
    match sig.name {
        "States.Format" => {
            if let Some(Arg::String(_)) = args.first() {
                let raw = call.arg_text(0);
                let placeholders = count_placeholders(raw);
                let values = args.len() - 1;
                if placeholders != values {
                    out.push((
                        Rule::FormatPlaceholders,
                        format!(
                            "the States.Format template has {} but {} {}",
                            plural(placeholders, "{} placeholder"),
                            plural(values, "value"),
                            if values == 1 { "follows" } else { "follow" }
                        ),
                        Some(
                            "pass one value per {}; write a literal brace as \\{ or \\}"
                                .to_string(),
                        ),
                    ));
                }
            }
        }
        "States.Hash" => {
            if let Some(Arg::String(alg)) = args.get(1)
                && !HASH_ALGORITHMS.contains(&alg.as_str())
            {
                let close = HASH_ALGORITHMS.iter().find(|a| {
                    a.replace('-', "")
                        .eq_ignore_ascii_case(&alg.replace('-', ""))
                });
                let help = match close {
                    Some(a) => format!("did you mean '{a}'?"),
                    None => format!("use one of {}", HASH_ALGORITHMS.join(", ")),
                };
                bad(
                    format!("'{alg}' is not a hash algorithm States.Hash supports"),
                    Some(help),
                );
            }
        }
        "States.JsonMerge" => {
            if let Some(Arg::Bool(true)) = args.get(2) {
                bad(
                    "the third argument of States.JsonMerge must be false: only shallow merging is supported"
                        .to_string(),
                    None,
                );
            }
        }
        "States.ArrayPartition" => {
            if let Some(size) = number(args.get(1))
                && size.round() < 1.0
            {
                bad(
                    format!(
                        "the chunk size of States.ArrayPartition must be a positive integer, not {}",
                        call.arg_text(1)
                    ),
                    None,
                );
            }
        }
        "States.ArrayRange" => {
            let step = number(args.get(2)).map(f64::round);
            if step == Some(0.0) {
                bad(
                    "the step of States.ArrayRange must not be 0".to_string(),
                    None,
                );
            } else if let (Some(first), Some(last), Some(step)) = (
                number(args.first()).map(f64::round),
                number(args.get(1)).map(f64::round),
                step,
            ) {
                let count = ((last - first) / step).floor() + 1.0;
                if count > 1000.0 {
                    bad(
                        format!(
                            "the range of States.ArrayRange has {count} elements, more than the 1000 AWS allows"
                        ),
                        None,
                    );
                }
            }
        }
        "States.MathAdd" => {
            for i in 0..args.len().min(2) {
                if let Some(v) = number(args.get(i))
                    && !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&v.round())
                {
                    bad(
                        format!(
                            "argument {} of States.MathAdd is outside the range -2147483648 to 2147483647",
                            i + 1
                        ),
                        None,
                    );
                }
            }
        }
        "States.MathRandom" => {
            if let (Some(start), Some(end)) = (number(args.first()), number(args.get(1)))
                && start.round() >= end.round()
            {
                bad(
                    "the start of States.MathRandom must be less than its end (the end is exclusive)"
                        .to_string(),
                    None,
                );
            }
        }
        _ => {}
    }
}

/// Counts `{}` placeholders in the raw text of a string literal (quotes included); escaped
/// braces `\{` `\}` are not placeholders.
fn count_placeholders(raw: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    let mut open = false;
    for c in raw.chars() {
        if escaped {
            escaped = false;
            open = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                open = false;
            }
            '{' => open = true,
            '}' if open => {
                count += 1;
                open = false;
            }
            _ => open = false,
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{PathRoot, Segment};

    fn ok(text: &str) -> Intrinsic {
        match Intrinsic::parse(text) {
            Ok(c) => {
                assert_eq!(c.as_str(), text);
                c
            }
            Err(e) => panic!("{text:?} should parse: {} at {:?}", e.message, e.offset),
        }
    }

    fn rules(text: &str) -> Vec<Rule> {
        check(&ok(text)).into_iter().map(|(r, _, _)| r).collect()
    }

    #[test]
    fn valid_calls() {
        let table = [
            "States.UUID()",
            "States.Array()",
            "States.Array( )",
            "States.Format('Hello, my name is {}.', $.name)",
            "States.Format($.template, $.name)",
            "States.Array('Foo', 2020, $.someJson, null)",
            "States.Array('Foo', $.xyz, 'Bar', 2.3, true, false, -1, 1e3, -2.5E-3)",
            "States.ArrayPartition($.inputArray,4)",
            "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
            "States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)",
            "States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)",
            "States.StringSplit('Hello\nWorld', '\n')",
            "States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
            "States.Format('a \\{\\} b \\\\ {}', $.x)",
            "States.ArrayGetItem($.DescribeRecord.RecordOutputs[?(@.OutputKey == FizzBuzz)].OutputValue, 0)",
            "States.JsonToString($.[?(@.year <= 1998)])",
            "States.Format('{}', $['a b, c)'])",
            "States.MathAdd($value1, $value2)",
            "States.Format(\n  '{}' ,\t$.a\n)",
            "States.Hash($.Data, 'SHA-256')",
            "States.Xyz($.result)",
        ];
        for text in table {
            ok(text);
        }
    }

    #[test]
    fn parsed_structure() {
        let c = ok("States.Format('it\\'s {}', $.a[0], States.UUID(), 1.5, true, null, $$, $v)");
        assert_eq!(c.name, "States.Format");
        assert_eq!(c.args.len(), 8);
        assert_eq!(c.args[0], Arg::String("it's {}".into()));
        match &c.args[1] {
            Arg::Path(p) => {
                assert_eq!(p.root, PathRoot::Input);
                assert_eq!(
                    p.segments,
                    vec![Segment::Field("a".into()), Segment::Index(0)]
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&c.args[2], Arg::Call(u) if u.name == "States.UUID" && u.args.is_empty()));
        assert_eq!(c.args[3], Arg::Number("1.5".into()));
        assert_eq!(c.args[4], Arg::Bool(true));
        assert_eq!(c.args[5], Arg::Null);
        assert!(matches!(&c.args[6], Arg::Path(p) if p.root == PathRoot::Context));
        assert!(matches!(&c.args[7], Arg::Path(p) if p.variable() == Some("v")));
        assert_eq!(c.depth(), 2);
        assert_eq!(c.paths().len(), 3);
    }

    #[test]
    fn invalid_calls() {
        let table: &[(&str, usize)] = &[
            ("", 0),
            ("  States.Format($.template, $.firstName, $.lastName)", 0),
            (" States.Array('Foo', $.xyz, 'Bar', 2.3)", 0),
            ("States. ", 0),
            ("States.JsonToString($", 19),
            ("States.StringToJson $.escaped)", 19),
            ("States.Format($.template $.firstName $.lastName)", 25),
            (
                "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')",
                33,
            ),
            (
                "States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')",
                24,
            ),
            ("States.Format('unclosed)", 14),
            ("States.Array(1,)", 15),
            ("States.Array(,1)", 13),
            ("States.Array(1 2)", 15),
            ("States.Array(\"a\")", 13),
            ("States.Array(1)x", 15),
            ("States.Array(abc)", 13),
            ("States.Array(1a)", 14),
            ("States.Array(-)", 14),
            ("States.Array(1.)", 15),
            ("States.Array($.a-b)", 16),
            ("States.Array($.a b)", 17),
            ("States.Array($.)", 15),
            ("States.Array(.5)", 13),
            ("(1)", 0),
            ("States..Array()", 0),
            ("States.Array('\\u0041')", 14),
        ];
        let wrong = crate::expr::wrong_error_offsets(table, Intrinsic::parse);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn trailing_whitespace_is_kept_in_the_text() {
        let call = Intrinsic::parse("States.JsonToString($)    ").unwrap();
        assert_eq!(call.name, "States.JsonToString");
        assert_eq!(call.as_str(), "States.JsonToString($)    ");
    }

    #[test]
    fn nesting_is_bounded_while_parsing() {
        let deep = |n: usize| format!("{}1{}", "States.Array(".repeat(n), ")".repeat(n));
        assert_eq!(ok(&deep(64)).depth(), 64);
        assert!(Intrinsic::parse(&deep(65)).is_err());
        assert!(Intrinsic::parse(&deep(100_000)).is_err());
        assert_eq!(rules(&deep(10)), vec![]);
        assert_eq!(rules(&deep(11)), vec![Rule::IntrinsicNesting]);
    }

    #[test]
    fn checks() {
        let table: &[(&str, &[Rule])] = &[
            ("States.Format('{} and {}', $.a, $.b)", &[]),
            (
                "States.Format('{} and {}', $.a)",
                &[Rule::FormatPlaceholders],
            ),
            ("States.Format('none', $.a)", &[Rule::FormatPlaceholders]),
            ("States.Format('\\{} {}', $.a)", &[]),
            ("States.Format('{\\}', $.a)", &[Rule::FormatPlaceholders]),
            ("States.Format($.template, $.a, $.b)", &[]),
            ("States.Format(1)", &[Rule::IntrinsicArgument]),
            ("States.Format()", &[Rule::IntrinsicArity]),
            ("States.Concat($.a)", &[Rule::UnknownIntrinsic]),
            ("States.Xyz($.result)", &[Rule::UnknownIntrinsic]),
            ("States.ArrayContains($.a)", &[Rule::IntrinsicArity]),
            ("States.ArrayLength($.a, $.b)", &[Rule::IntrinsicArity]),
            ("States.UUID(1)", &[Rule::IntrinsicArity]),
            ("States.MathRandom(1, 2, 3)", &[]),
            ("States.MathRandom(1)", &[Rule::IntrinsicArity]),
            ("States.MathRandom(5, 1)", &[Rule::IntrinsicArgument]),
            ("States.MathAdd(1,'-1')", &[Rule::IntrinsicArgument]),
            ("States.MathAdd($.n, -1)", &[]),
            ("States.MathAdd(1, 3000000000)", &[Rule::IntrinsicArgument]),
            (
                "States.MathAdd(States.Format('{}', 1), 1)",
                &[Rule::IntrinsicArgument],
            ),
            ("States.MathAdd(States.ArrayGetItem($.a, 0), 1)", &[]),
            ("States.ArrayRange(1, 9, 2)", &[]),
            ("States.ArrayRange('1', 9, 2)", &[Rule::IntrinsicArgument]),
            ("States.ArrayRange(1, 9, 0)", &[Rule::IntrinsicArgument]),
            ("States.ArrayRange(0, 5000, 1)", &[Rule::IntrinsicArgument]),
            ("States.ArrayRange(0, 999, 1)", &[]),
            ("States.ArrayPartition($.a, 0)", &[Rule::IntrinsicArgument]),
            (
                "States.ArrayPartition('abc', 2)",
                &[Rule::IntrinsicArgument],
            ),
            ("States.ArrayLength(States.Array(1, 2))", &[]),
            ("States.ArrayLength(null)", &[Rule::IntrinsicArgument]),
            ("States.Hash($.d, 'SHA-256')", &[]),
            ("States.Hash($.d, 'SHA256')", &[Rule::IntrinsicArgument]),
            ("States.Hash($.d, $.alg)", &[]),
            ("States.JsonMerge($.a, $.b, false)", &[]),
            (
                "States.JsonMerge($.a, $.b, true)",
                &[Rule::IntrinsicArgument],
            ),
            (
                "States.JsonMerge($.a, 'x', false)",
                &[Rule::IntrinsicArgument],
            ),
            ("States.StringSplit($.s, ',')", &[]),
            ("States.StringSplit(1, ',')", &[Rule::IntrinsicArgument]),
            (
                "States.Array(States.Nope(), States.UUID(2))",
                &[Rule::UnknownIntrinsic, Rule::IntrinsicArity],
            ),
        ];
        let mut wrong = Vec::new();
        for (text, expected) in table {
            let got = rules(text);
            if got != *expected {
                wrong.push(format!(
                    "{text}: {:?}, expected {expected:?}",
                    check(&ok(text))
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn messages() {
        let findings = check(&ok("States.ArrayContain($.a, 1)"));
        assert_eq!(findings.len(), 1);
        let (rule, message, help) = &findings[0];
        assert_eq!(*rule, Rule::UnknownIntrinsic);
        assert_eq!(message, "unknown intrinsic function States.ArrayContain");
        assert_eq!(help.as_deref(), Some("did you mean States.ArrayContains?"));
        let findings = check(&ok("Format('{}', 1)"));
        assert_eq!(
            findings[0].2.as_deref(),
            Some("did you mean States.Format?")
        );
        let findings = check(&ok("States.mathadd(1, 2)"));
        assert_eq!(
            findings[0].2.as_deref(),
            Some("did you mean States.MathAdd?")
        );
        let findings = check(&ok("States.Xyz($.result)"));
        assert!(
            findings[0]
                .2
                .as_deref()
                .is_some_and(|h| h.starts_with("the intrinsic functions are"))
        );
        let findings = check(&ok("States.MathAdd(1,'-1')"));
        assert_eq!(
            findings[0].1,
            "argument 2 of States.MathAdd must be a number, but '-1' is a string"
        );
        for (_, message, _) in check(&ok("States.Format('{}{}', States.Nope(), States.UUID(1))")) {
            assert!(message.starts_with(|c: char| c.is_lowercase()), "{message}");
            assert!(!message.ends_with('.'), "{message}");
        }
    }

    #[test]
    fn names_and_signatures_agree() {
        assert_eq!(NAMES.len(), SIGNATURES.len());
        for name in NAMES {
            let sig = signature(name).expect(name);
            assert!(
                sig.params.len() <= sig.max_args.unwrap_or(usize::MAX) || sig.max_args.is_none()
            );
            assert!(sig.usage.starts_with(name));
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "(States\\.[A-Za-z]{0,12})?[()$.\\[\\]?@*'\"\\\\{}a-z0-9:,é -]{0,40}") {
            if let Ok(call) = Intrinsic::parse(&s) {
                let _ = check(&call);
                let _ = call.depth();
            }
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,30}") {
            if let Ok(call) = Intrinsic::parse(&s) {
                let _ = check(&call);
            }
        }
    }
}
