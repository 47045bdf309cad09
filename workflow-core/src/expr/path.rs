//! JSONPath paths as Step Functions reads them: `$` (the state input), `$$` (the context object)
//! and `$name` (a workflow variable), followed by Jayway-style segments.
//!
//! What is accepted follows AWS rather than the ASL specification where the two differ:
//!
//! * Field names in dot notation may hold characters the JSONPath ABNF leaves out (AWS accepts
//!   `$.delivery-partner`), but not whitespace, quotes, brackets, parentheses, `,`, `*`, `?`,
//!   `@` or `\`. Inside intrinsic function arguments AWS requires bracket notation for anything
//!   but letters, digits and `_` ("You must use square bracket notation for a Path passed as an
//!   argument to an Intrinsic Function if the field name contains any character that is not
//!   included in the member-name-shorthand definition").
//! * `$.abc.['def ghi']` (a dot before a bracket) is accepted: the AWS guide uses it.
//! * `[(@.length-1)]` script expressions are accepted (AWS evaluates them); JSONPath functions
//!   such as `.length()` are not ("Functions such as length() aren't supported").
//! * Leading or trailing whitespace is an error, not trimmed.

use super::ExprError;
use std::fmt;

/// A parsed JSONPath. Keeps its source text, which [`Path::as_str`] and `Display` give back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    text: String,
    pub root: PathRoot,
    pub segments: Vec<Segment>,
}

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathRoot {
    /// `$`: the state's input.
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable. `$states` is parsed as `Variable("states")`; whether it may
    /// be used is the validator's decision.
    Variable(String),
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// `.name`, `['name']` or `["name"]` (quoted names unescaped).
    Field(String),
    /// `[0]`, `[-2]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `..`; always followed by the segment it applies to (a field, a wildcard or a bracket).
    RecursiveDescent,
    /// `[start:end:step]`, each part optional.
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    /// `[0,1]` or `['a','b']`: a list of `Index` or `Field` segments.
    Union(Vec<Segment>),
    /// `[?( … )]`: the raw text inside the parentheses.
    Filter(String),
    /// `[( … )]`: a script expression such as `(@.length-1)`; the raw text inside the
    /// parentheses. AWS evaluates these (Jayway does not), so they are accepted.
    Script(String),
}

impl Path {
    /// Parses a path. The whole string must be the path: no surrounding whitespace.
    pub fn parse(text: &str) -> Result<Path, ExprError> {
        parse_raw(text, false).map_err(|e| e.into_expr_error(text, 0))
    }

    /// The text the path was parsed from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A Reference Path names a single node: only field and index segments, no wildcard,
    /// recursive descent, slice, union, filter or script.
    pub fn is_reference(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }

    /// The variable a `$name…` path reads.
    pub fn variable(&self) -> Option<&str> {
        match &self.root {
            PathRoot::Variable(name) => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// An error with a byte offset into the text being parsed; converted to a character offset
/// (what [`ExprError::offset`] holds) at the public boundary.
#[derive(Debug)]
pub(crate) struct RawError {
    pub(crate) message: String,
    pub(crate) at: usize,
}

impl RawError {
    pub(crate) fn new(message: impl Into<String>, at: usize) -> Self {
        RawError {
            message: message.into(),
            at,
        }
    }

    /// `text` is the string `at` indexes; `base_chars` is added to the character offset (for
    /// paths inside a larger expression).
    pub(crate) fn into_expr_error(self, text: &str, base_chars: usize) -> ExprError {
        ExprError::at(self.message, base_chars + char_offset(text, self.at))
    }
}

/// The number of characters before byte `at` (clamped, and safe at non-boundaries).
pub(crate) fn char_offset(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.char_indices().take_while(|(i, _)| *i < at).count()
}

/// Parses a path; `strict_names` applies the intrinsic-argument rule for dot-notation names.
pub(crate) fn parse_raw(text: &str, strict_names: bool) -> Result<Path, RawError> {
    let mut p = Parser {
        s: text,
        pos: 0,
        strict_names,
    };
    let (root, segments) = p.path()?;
    Ok(Path {
        text: text.to_string(),
        root,
        segments,
    })
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    strict_names: bool,
}

pub(crate) fn describe(c: char) -> String {
    if c == '\'' {
        "\"'\"".to_string()
    } else if c.is_whitespace() || c.is_control() {
        format!("{:?}", c)
    } else {
        format!("'{c}'")
    }
}

/// Characters that may appear in a dot-notation field name outside intrinsic functions.
fn is_name_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '.' | '[' | ']' | '(' | ')' | '\'' | '"' | ',' | '*' | '?' | '@' | '\\'
        ))
}

/// Characters of a dot-notation field name inside an intrinsic function argument: the JSONPath
/// member-name-shorthand (letters, digits, `_` and non-ASCII characters).
fn is_strict_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || (!c.is_ascii() && !c.is_whitespace() && !c.is_control())
}

fn is_variable_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_variable_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
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

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, RawError> {
        Err(RawError::new(message, self.pos))
    }

    fn path(&mut self) -> Result<(PathRoot, Vec<Segment>), RawError> {
        let Some(first) = self.peek() else {
            return self.err("a path must not be empty");
        };
        if first.is_whitespace() {
            return self.err("a path must not start with whitespace");
        }
        if let Some((i, c)) = self.s.char_indices().next_back()
            && c.is_whitespace()
        {
            return Err(RawError::new("a path must not end with whitespace", i));
        }
        if first != '$' {
            return self.err(format!("a path must start with $, not {}", describe(first)));
        }
        self.pos = 1;
        let root = match self.peek() {
            Some('$') => {
                self.pos += 1;
                PathRoot::Context
            }
            Some(c) if is_variable_start(c) => {
                let start = self.pos;
                while self.peek().is_some_and(is_variable_char) {
                    self.pos += 1;
                }
                PathRoot::Variable(self.s[start..self.pos].to_string())
            }
            _ => PathRoot::Input,
        };
        match self.peek() {
            None | Some('.') | Some('[') => {}
            Some(c) => {
                let what = match &root {
                    PathRoot::Input => "$".to_string(),
                    PathRoot::Context => "$$".to_string(),
                    PathRoot::Variable(v) => format!("the variable name ${v}"),
                };
                return self.err(format!(
                    "unexpected {} after {what}; expected . or [",
                    describe(c)
                ));
            }
        }
        let mut segments = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '.' => self.dot(&mut segments)?,
                '[' => segments.push(self.bracket()?),
                c if c.is_whitespace() => {
                    return self.err(
                        "unexpected whitespace; a field name with spaces needs bracket notation, e.g. $['my field']",
                    );
                }
                c => return self.err(format!("unexpected {}; expected . or [", describe(c))),
            }
        }
        Ok((root, segments))
    }

    /// At a `.`: `.name`, `.*`, `.[…]`, or `..` followed by one of those.
    fn dot(&mut self, segments: &mut Vec<Segment>) -> Result<(), RawError> {
        self.pos += 1;
        if self.peek() == Some('.') {
            self.pos += 1;
            match self.peek() {
                None => return self.err("a path must not end with .."),
                Some('.') => return self.err("unexpected . after .."),
                _ => {}
            }
            segments.push(Segment::RecursiveDescent);
        } else if self.at_end() {
            return self.err("a path must not end with .");
        }
        match self.peek() {
            Some('[') => segments.push(self.bracket()?),
            Some('*') => {
                self.pos += 1;
                segments.push(Segment::Wildcard);
            }
            _ => segments.push(Segment::Field(self.dot_name()?)),
        }
        Ok(())
    }

    fn dot_name(&mut self) -> Result<String, RawError> {
        let start = self.pos;
        let accept: fn(char) -> bool = if self.strict_names {
            is_strict_name_char
        } else {
            is_name_char
        };
        while self.peek().is_some_and(accept) {
            self.bump();
        }
        let name = &self.s[start..self.pos];
        match self.peek() {
            Some('(') if !name.is_empty() => {
                return self.err(format!(
                    "JSONPath functions such as {name}() are not supported by Step Functions"
                ));
            }
            Some(c) if self.strict_names && is_name_char(c) => {
                return self.err(format!(
                    "in an intrinsic function argument a field name with {} must use bracket notation, e.g. ['{}']",
                    describe(c),
                    &self.s[start..]
                        .split(['.', '[', ',', ')', ' '])
                        .next()
                        .unwrap_or_default()
                ));
            }
            _ => {}
        }
        if name.is_empty() {
            return match self.peek() {
                Some(c) => self.err(format!("expected a field name, found {}", describe(c))),
                None => self.err("expected a field name"),
            };
        }
        Ok(name.to_string())
    }

    /// At a `[`.
    fn bracket(&mut self) -> Result<Segment, RawError> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        let segment = match self.peek() {
            None => return Err(RawError::new("unclosed [", open)),
            Some(']') => return self.err("empty brackets []"),
            Some('?') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() != Some('(') {
                    return self.err("expected ( after ? in a filter");
                }
                let open_paren = self.pos;
                let raw = self.parenthesized()?;
                if raw.trim().is_empty() {
                    return self.err("empty filter expression");
                }
                check_operands(&raw, open_paren + 1)?;
                Segment::Filter(raw)
            }
            Some('(') => {
                let open_paren = self.pos;
                let raw = self.parenthesized()?;
                if raw.trim().is_empty() {
                    return self.err("empty script expression");
                }
                check_operands(&raw, open_paren + 1)?;
                Segment::Script(raw)
            }
            Some('*') => {
                self.pos += 1;
                Segment::Wildcard
            }
            Some('\'' | '"') => {
                let mut names = vec![Segment::Field(self.quoted()?)];
                loop {
                    self.skip_ws();
                    if self.peek() != Some(',') {
                        break;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    match self.peek() {
                        Some('\'' | '"') => names.push(Segment::Field(self.quoted()?)),
                        _ => return self.err("expected a quoted field name after ,"),
                    }
                }
                if names.len() == 1 {
                    names.pop().unwrap_or(Segment::Wildcard)
                } else {
                    Segment::Union(names)
                }
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == ':' => self.indices()?,
            Some(c) => {
                return self.err(format!(
                    "unexpected {} in brackets; expected an index, a quoted name, *, or a filter ?(…)",
                    describe(c)
                ));
            }
        };
        self.skip_ws();
        match self.peek() {
            Some(']') => {
                self.pos += 1;
                Ok(segment)
            }
            None => Err(RawError::new("unclosed [", open)),
            Some(c) => self.err(format!("unexpected {}; expected ]", describe(c))),
        }
    }

    fn int(&mut self) -> Result<Option<i64>, RawError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == digits {
            if self.pos > start {
                return self.err("expected digits after -");
            }
            return Ok(None);
        }
        self.s[start..self.pos]
            .parse::<i64>()
            .map(Some)
            .map_err(|_| RawError::new("array index out of range", start))
    }

    /// Indices `[0]`, `[0,1]` or a slice `[start:end:step]`.
    fn indices(&mut self) -> Result<Segment, RawError> {
        let first = self.int()?;
        self.skip_ws();
        if self.peek() == Some(':') {
            self.pos += 1;
            self.skip_ws();
            let end = self.int()?;
            self.skip_ws();
            let mut step = None;
            if self.peek() == Some(':') {
                self.pos += 1;
                self.skip_ws();
                let at = self.pos;
                step = self.int()?;
                if step == Some(0) {
                    return Err(RawError::new("a slice step cannot be 0", at));
                }
            }
            return Ok(Segment::Slice {
                start: first,
                end,
                step,
            });
        }
        let Some(first) = first else {
            return self.err("expected an index");
        };
        let mut items = vec![Segment::Index(first)];
        while self.peek() == Some(',') {
            self.pos += 1;
            self.skip_ws();
            match self.int()? {
                Some(i) => items.push(Segment::Index(i)),
                None => return self.err("expected an index after ,"),
            }
            self.skip_ws();
        }
        Ok(if items.len() == 1 {
            Segment::Index(first)
        } else {
            Segment::Union(items)
        })
    }

    /// A quoted name, `'…'` or `"…"`, with backslash escapes; returns it unescaped.
    fn quoted(&mut self) -> Result<String, RawError> {
        let open = self.pos;
        let Some(quote) = self.bump() else {
            return self.err("expected a quoted name");
        };
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(RawError::new("unclosed quoted name", open));
            };
            if c == quote {
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let esc_at = self.pos - 1;
            let Some(e) = self.bump() else {
                return Err(RawError::new("unclosed quoted name", open));
            };
            match e {
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = self.s[self.pos..].chars().take(4).collect();
                    let code = (hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(&hex, 16).ok())
                        .flatten()
                        .and_then(char::from_u32);
                    match code {
                        Some(ch) => {
                            self.pos += 4;
                            out.push(ch);
                        }
                        None => {
                            return Err(RawError::new(
                                "invalid \\u escape in a quoted name",
                                esc_at,
                            ));
                        }
                    }
                }
                // \' \" \\ \/ and anything else stand for the character itself.
                other => out.push(other),
            }
        }
    }

    /// At a `(`: returns the raw text up to the matching `)` and moves past it. Quoted strings
    /// and regular expressions after `=~` may hold parentheses.
    fn parenthesized(&mut self) -> Result<String, RawError> {
        let open = self.pos;
        let mut depth = 0usize;
        let mut last_sig: [char; 2] = [' ', ' '];
        while let Some(c) = self.peek() {
            match c {
                '(' => {
                    depth += 1;
                    self.pos += 1;
                }
                ')' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(self.s[open + 1..self.pos - 1].to_string());
                    }
                }
                '\'' | '"' => {
                    self.skip_string(c)?;
                }
                '/' if last_sig == ['=', '~'] => {
                    self.skip_string('/')?;
                }
                _ => {
                    self.bump();
                }
            }
            if !c.is_whitespace() {
                last_sig = [last_sig[1], c];
            }
        }
        Err(RawError::new(
            "unclosed ( in a filter or script expression",
            open,
        ))
    }

    /// Skips a string (or regular expression) delimited by `quote`, honouring backslashes.
    fn skip_string(&mut self, quote: char) -> Result<(), RawError> {
        let open = self.pos;
        self.pos += quote.len_utf8();
        loop {
            match self.bump() {
                None => {
                    return Err(RawError::new(
                        "unclosed string in a filter expression",
                        open,
                    ));
                }
                Some('\\') => {
                    self.bump();
                }
                Some(c) if c == quote => {
                    // A regular expression may carry flags, e.g. /abc/i.
                    if quote == '/' {
                        while self.peek().is_some_and(|f| f.is_ascii_alphabetic()) {
                            self.pos += 1;
                        }
                    }
                    return Ok(());
                }
                Some(_) => {}
            }
        }
    }
}

/// Checks that every binary operator of a filter or script expression has an operand on each
/// side (`@.x > ` or `&& @.y` is refused), and that a `!` has one after it. `raw` is the text
/// inside the parentheses, starting at byte `base` of the path. The operands themselves are
/// left to the JSONPath engine: the Jayway dialect AWS runs accepts more forms (functions,
/// `in`/`nin`/`size`… operators, inline arrays) than this parser models.
fn check_operands(raw: &str, base: usize) -> Result<(), RawError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Token {
        Operand,
        Binary,
        Not,
        Open,
        Close,
    }
    let bytes = raw.as_bytes();
    let mut tokens: Vec<(Token, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let token = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => {
                i += 1;
                Token::Open
            }
            b')' => {
                i += 1;
                Token::Close
            }
            b'\'' | b'"' => {
                i = skip_quoted(bytes, i, c);
                Token::Operand
            }
            // After an `=~`, `/…/flags` is a regular expression.
            b'/' if tokens.last().is_some_and(|t| t.0 == Token::Binary)
                && raw[..start].trim_end().ends_with("=~") =>
            {
                i = skip_quoted(bytes, i, b'/');
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                Token::Operand
            }
            b'!' if bytes.get(i + 1) != Some(&b'=') => {
                i += 1;
                Token::Not
            }
            b'=' | b'!' | b'<' | b'>' | b'&' | b'|' | b'~' => {
                while i < bytes.len() && b"=!<>&|~".contains(&bytes[i]) {
                    i += 1;
                }
                Token::Binary
            }
            b'[' => {
                // An inline array (`in [1, 2]`) or a bracket step of an operand's path.
                i = (closing_bracket(bytes, i) + 1).min(bytes.len());
                Token::Operand
            }
            _ => {
                // A word: a path (`@.a.b`, `$.c`), a number, a literal, or a word operator.
                while i < bytes.len()
                    && !b" \t\n\r()'\"=!<>&|~".contains(&bytes[i])
                    && !(bytes[i] == b'[' && i == start)
                {
                    if bytes[i] == b'[' {
                        // A bracket step inside a path operand: skip it whole.
                        i = closing_bracket(bytes, i);
                    }
                    i += 1;
                }
                let word = &raw[start..i.min(raw.len())];
                if matches!(
                    word,
                    "in" | "nin" | "subsetof" | "anyof" | "noneof" | "size" | "empty"
                ) {
                    Token::Binary
                } else {
                    Token::Operand
                }
            }
        };
        tokens.push((token, start, i));
    }

    let mut previous: Option<Token> = None;
    for &(token, start, end) in &tokens {
        let after_operand = matches!(previous, Some(Token::Operand | Token::Close));
        match token {
            Token::Binary if !after_operand => {
                return Err(RawError::new(
                    format!("`{}` has no operand before it", &raw[start..end]),
                    base + start,
                ));
            }
            Token::Close if !after_operand => {
                return Err(RawError::new("expected an operand before )", base + start));
            }
            Token::Operand if after_operand => {
                return Err(RawError::new(
                    "expected an operator between two operands",
                    base + start,
                ));
            }
            _ => {}
        }
        previous = Some(token);
    }
    if let Some(&(Token::Binary | Token::Not, start, _)) = tokens.last() {
        return Err(RawError::new(
            "the expression ends with an operator; expected an operand after it",
            base + start,
        ));
    }
    Ok(())
}

/// The index of the `]` that closes the `[` at `open` (brackets inside quotes do not count),
/// or the length of `bytes` when none does.
fn closing_bracket(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            q @ (b'\'' | b'"') => {
                i = skip_quoted(bytes, i, q);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The index just past the string that opens at `bytes[at]` with `quote` (backslash escapes
/// honoured), or the end of `bytes` when it is not closed.
fn skip_quoted(bytes: &[u8], at: usize, quote: u8) -> usize {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Path {
        match Path::parse(text) {
            Ok(p) => {
                assert_eq!(p.as_str(), text);
                assert_eq!(p.to_string(), text);
                p
            }
            Err(e) => panic!("{text:?} should parse: {e} at {:?}", e.offset),
        }
    }

    fn field(s: &str) -> Segment {
        Segment::Field(s.to_string())
    }

    #[test]
    fn valid_paths() {
        let table: &[(&str, PathRoot, Vec<Segment>)] = &[
            ("$", PathRoot::Input, vec![]),
            ("$$", PathRoot::Context, vec![]),
            ("$.a.b", PathRoot::Input, vec![field("a"), field("b")]),
            ("$['a b']", PathRoot::Input, vec![field("a b")]),
            ("$[\"x\"]", PathRoot::Input, vec![field("x")]),
            (
                "$.a[0]",
                PathRoot::Input,
                vec![field("a"), Segment::Index(0)],
            ),
            (
                "$.books[-2]",
                PathRoot::Input,
                vec![field("books"), Segment::Index(-2)],
            ),
            (
                "$.a[*]",
                PathRoot::Input,
                vec![field("a"), Segment::Wildcard],
            ),
            (
                "$.a.*",
                PathRoot::Input,
                vec![field("a"), Segment::Wildcard],
            ),
            (
                "$..x",
                PathRoot::Input,
                vec![Segment::RecursiveDescent, field("x")],
            ),
            (
                "$..*",
                PathRoot::Input,
                vec![Segment::RecursiveDescent, Segment::Wildcard],
            ),
            (
                "$.a..b[0]",
                PathRoot::Input,
                vec![
                    field("a"),
                    Segment::RecursiveDescent,
                    field("b"),
                    Segment::Index(0),
                ],
            ),
            (
                "$.a[?(@.price < 10)]",
                PathRoot::Input,
                vec![field("a"), Segment::Filter("@.price < 10".into())],
            ),
            (
                "$.a[0:2]",
                PathRoot::Input,
                vec![
                    field("a"),
                    Segment::Slice {
                        start: Some(0),
                        end: Some(2),
                        step: None,
                    },
                ],
            ),
            (
                "$.v[3:]",
                PathRoot::Input,
                vec![
                    field("v"),
                    Segment::Slice {
                        start: Some(3),
                        end: None,
                        step: None,
                    },
                ],
            ),
            (
                "$[::2]",
                PathRoot::Input,
                vec![Segment::Slice {
                    start: None,
                    end: None,
                    step: Some(2),
                }],
            ),
            (
                "$.a[0,1]",
                PathRoot::Input,
                vec![
                    field("a"),
                    Segment::Union(vec![Segment::Index(0), Segment::Index(1)]),
                ],
            ),
            (
                "$['a','b']",
                PathRoot::Input,
                vec![Segment::Union(vec![field("a"), field("b")])],
            ),
            (
                "$$.Execution.Id",
                PathRoot::Context,
                vec![field("Execution"), field("Id")],
            ),
            (
                "$$.Map.Item.Value",
                PathRoot::Context,
                vec![field("Map"), field("Item"), field("Value")],
            ),
            ("$var", PathRoot::Variable("var".into()), vec![]),
            ("$_x1", PathRoot::Variable("_x1".into()), vec![]),
            (
                "$var.field[0]",
                PathRoot::Variable("var".into()),
                vec![field("field"), Segment::Index(0)],
            ),
            (
                "$states.input",
                PathRoot::Variable("states".into()),
                vec![field("input")],
            ),
            (
                "$.delivery-partner",
                PathRoot::Input,
                vec![field("delivery-partner")],
            ),
            ("$.été", PathRoot::Input, vec![field("été")]),
            (
                "$.abc.['def ghi']",
                PathRoot::Input,
                vec![field("abc"), field("def ghi")],
            ),
            (
                "$.[?(@.year < 1999)].name",
                PathRoot::Input,
                vec![Segment::Filter("@.year < 1999".into()), field("name")],
            ),
            (
                "$[(@.length-1)].bar",
                PathRoot::Input,
                vec![Segment::Script("@.length-1".into()), field("bar")],
            ),
            (
                "$['Test\\\"\"Name\"']",
                PathRoot::Input,
                vec![field("Test\"\"Name\"")],
            ),
            ("$['it\\'s']", PathRoot::Input, vec![field("it's")]),
            ("$[ 'a' ]", PathRoot::Input, vec![field("a")]),
            (
                "$.P[?(@.Name == '/eggs/(cooked)')].Value",
                PathRoot::Input,
                vec![
                    field("P"),
                    Segment::Filter("@.Name == '/eggs/(cooked)'".into()),
                    field("Value"),
                ],
            ),
            (
                "$.a[?(@.b =~ /x(y/i)]",
                PathRoot::Input,
                vec![field("a"), Segment::Filter("@.b =~ /x(y/i".into())],
            ),
            (
                "$.a[?(@.b[?(@.c)])]",
                PathRoot::Input,
                vec![field("a"), Segment::Filter("@.b[?(@.c)]".into())],
            ),
        ];
        for (text, root, segments) in table {
            let p = ok(text);
            assert_eq!(&p.root, root, "{text}");
            assert_eq!(&p.segments, segments, "{text}");
        }
    }

    #[test]
    fn invalid_paths() {
        let table: &[(&str, usize)] = &[
            ("", 0),
            ("$.a[1:2:0]", 8),
            ("$.", 2),
            ("$.a.", 4),
            ("$..", 3),
            ("$...", 3),
            ("$.a..", 5),
            ("()", 0),
            (".guid", 0),
            ("..guid", 0),
            ("$$23", 2),
            ("$23", 1),
            (" $.a", 0),
            ("$.a ", 3),
            ("  States.Array()", 0),
            ("bug$.library.movies", 0),
            ("$.a[0", 3),
            ("$.a[", 3),
            ("$.a]", 3),
            ("$.a[]", 4),
            ("$.a b", 3),
            ("$[?(@.a]", 3),
            ("$[?@.a]", 3),
            ("$[?()]", 5),
            ("$.a[?(@.x > )]", 10),
            ("$.a[?(&& @.x)]", 6),
            ("$.a[?(@.x == 1 &&)]", 15),
            ("$.a[?(@.x @.y)]", 10),
            ("$.a[?(!)]", 6),
            ("$.a[?(@.x < 1 || ())]", 18),
            ("$.a.length()", 10),
            ("$['a", 2),
            ("$[99999999999999999999]", 2),
            ("$[-]", 3),
            ("$[1,]", 4),
            ("$*", 1),
            ("$x-y", 2),
            ("$.a[0]x", 6),
            ("$.a'", 3),
            ("23", 0),
            ("ipsum", 0),
            ("$.é ", 3),
        ];
        let wrong = crate::expr::wrong_error_offsets(table, Path::parse);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn reference_paths() {
        for text in [
            "$",
            "$.a.b",
            "$.a[0]",
            "$['a b'][2]",
            "$$.Execution.Id",
            "$var.x",
        ] {
            assert!(ok(text).is_reference(), "{text}");
        }
        for text in [
            "$..a",
            "$.a[*]",
            "$.a.*",
            "$.a[?(@.x)]",
            "$.a[0:1]",
            "$.a[0,1]",
            "$[(@.length-1)]",
        ] {
            assert!(!ok(text).is_reference(), "{text}");
        }
    }

    #[test]
    fn variables() {
        assert_eq!(ok("$answer.x").variable(), Some("answer"));
        assert_eq!(ok("$.answer").variable(), None);
        assert_eq!(ok("$$.x").variable(), None);
    }

    #[test]
    fn strict_names_in_intrinsic_arguments() {
        assert!(parse_raw("$.a_b1.c", true).is_ok());
        assert!(parse_raw("$['a-b'].c", true).is_ok());
        let e = parse_raw("$.a-b", true).unwrap_err();
        assert_eq!(e.at, 3);
        assert!(e.message.contains("bracket notation"), "{}", e.message);
    }

    #[test]
    fn offsets_are_in_characters() {
        let e = Path::parse("$.éé b").unwrap_err();
        assert_eq!(e.offset, Some(4));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[$.\\[\\]()?@*'\"\\\\a-z0-9:,=~/é -]{0,40}") {
            let _ = Path::parse(&s);
            let _ = parse_raw(&s, true);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,30}") {
            let _ = Path::parse(&s);
        }

        #[test]
        fn dotted_names_round_trip(names in proptest::collection::vec("[A-Za-z_][A-Za-z0-9_-]{0,8}", 0..5)) {
            let text = format!("${}", names.iter().map(|n| format!(".{n}")).collect::<String>());
            let p = Path::parse(&text).unwrap();
            let expected: Vec<Segment> = names.iter().map(|n| Segment::Field(n.clone())).collect();
            proptest::prop_assert_eq!(p.segments, expected);
        }
    }
}
