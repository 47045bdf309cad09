//! JSONPath filter expressions `[?( … )]` as Jayway evaluates them: comparisons of `@` paths,
//! `$` paths and literals (`==`, `!=`, `<`, `<=`, `>`, `>=`, `=~`, `in`, `nin`, `size`,
//! `empty`), existence tests (`@.isbn`), `!`, `&&`, `||` and parentheses. A comparison with a
//! missing value is false.

use super::path::query_value;
use serde_json::Value;
use workflow_core::expr::{Path, PathRoot};

/// A parsed filter.
#[derive(Debug, Clone)]
pub(crate) enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Exists(Operand),
    Compare(Operand, String, Operand),
}

#[derive(Debug, Clone)]
pub(crate) enum Operand {
    /// `@…` (relative to the item) or `$…` (relative to the document).
    Path {
        relative: bool,
        path: Path,
    },
    Literal(Value),
    Regex(String),
}

impl Filter {
    pub(crate) fn parse(text: &str) -> Result<Filter, String> {
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, pos: 0 };
        let filter = parser.or()?;
        if parser.pos != parser.tokens.len() {
            return Err(format!("unexpected token in filter {text}"));
        }
        Ok(filter)
    }

    pub(crate) fn matches(&self, item: &Value, document: &Value) -> bool {
        match self {
            Filter::Or(a, b) => a.matches(item, document) || b.matches(item, document),
            Filter::And(a, b) => a.matches(item, document) && b.matches(item, document),
            Filter::Not(f) => !f.matches(item, document),
            Filter::Exists(op) => match op.value(item, document) {
                Some(Value::Bool(b)) if matches!(op, Operand::Literal(_)) => b,
                Some(_) => true,
                None => false,
            },
            Filter::Compare(left, op, right) => {
                let (Some(l), r) = (left.value(item, document), right) else {
                    return false;
                };
                if op == "=~" {
                    let Operand::Regex(pattern) = r else {
                        return false;
                    };
                    let Value::String(s) = &l else {
                        return false;
                    };
                    return regex_matches(pattern, s);
                }
                if op == "empty" {
                    let want = matches!(r.value(item, document), Some(Value::Bool(true)));
                    let is_empty = match &l {
                        Value::String(s) => s.is_empty(),
                        Value::Array(a) => a.is_empty(),
                        _ => return false,
                    };
                    return is_empty == want;
                }
                let Some(r) = r.value(item, document) else {
                    return false;
                };
                compare(&l, op, &r)
            }
        }
    }
}

impl Operand {
    fn value(&self, item: &Value, document: &Value) -> Option<Value> {
        match self {
            Operand::Literal(v) => Some(v.clone()),
            Operand::Regex(_) => None,
            Operand::Path { relative, path } => {
                let root = if *relative { item } else { document };
                let found = query_value(&path.segments, root, document).ok()?;
                if super::path::is_definite(&path.segments) {
                    Some(found)
                } else {
                    match found {
                        Value::Array(a) if a.is_empty() => None,
                        other => Some(other),
                    }
                }
            }
        }
    }
}

fn compare(l: &Value, op: &str, r: &Value) -> bool {
    use std::cmp::Ordering;
    let ordering = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match op {
        "==" => ordering.map_or_else(|| super::value::json_eq(l, r), |o| o == Ordering::Equal),
        "!=" => !ordering.map_or_else(|| super::value::json_eq(l, r), |o| o == Ordering::Equal),
        "<" => ordering == Some(Ordering::Less),
        "<=" => matches!(ordering, Some(Ordering::Less | Ordering::Equal)),
        ">" => ordering == Some(Ordering::Greater),
        ">=" => matches!(ordering, Some(Ordering::Greater | Ordering::Equal)),
        "in" => matches!(r, Value::Array(a) if a.iter().any(|x| super::value::json_eq(x, l))),
        "nin" => matches!(r, Value::Array(a) if !a.iter().any(|x| super::value::json_eq(x, l))),
        "size" => {
            let size = match l {
                Value::String(s) => s.chars().count(),
                Value::Array(a) => a.len(),
                _ => return false,
            };
            r.as_f64() == Some(size as f64)
        }
        "subsetof" => match (l, r) {
            (Value::Array(a), Value::Array(b)) => a
                .iter()
                .all(|x| b.iter().any(|y| super::value::json_eq(x, y))),
            _ => false,
        },
        "anyof" => match (l, r) {
            (Value::Array(a), Value::Array(b)) => a
                .iter()
                .any(|x| b.iter().any(|y| super::value::json_eq(x, y))),
            _ => false,
        },
        "noneof" => match (l, r) {
            (Value::Array(a), Value::Array(b)) => !a
                .iter()
                .any(|x| b.iter().any(|y| super::value::json_eq(x, y))),
            _ => false,
        },
        _ => false,
    }
}

/// A `/pattern/flags` regular expression, matched against the whole string as Java's
/// `Matcher.matches` does.
fn regex_matches(pattern: &str, s: &str) -> bool {
    let (body, flags) = match pattern.rfind('/') {
        Some(i) if i > 0 => (&pattern[1..i], &pattern[i + 1..]),
        _ => (pattern, ""),
    };
    let prefix = if flags.contains('i') { "(?i)" } else { "" };
    regex::Regex::new(&format!("{prefix}^(?:{body})$")).is_ok_and(|re| re.is_match(s))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Not,
    And,
    Or,
    Op(String),
    Operand(String),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '&' | '|' => {
                let doubled = chars.get(i + 1) == Some(&c);
                tokens.push(if c == '&' { Token::And } else { Token::Or });
                i += if doubled { 2 } else { 1 };
            }
            '!' if chars.get(i + 1) != Some(&'=') => {
                tokens.push(Token::Not);
                i += 1;
            }
            '=' | '!' | '<' | '>' => {
                let start = i;
                while i < chars.len() && matches!(chars[i], '=' | '!' | '<' | '>' | '~') {
                    i += 1;
                }
                tokens.push(Token::Op(chars[start..i].iter().collect()));
            }
            '\'' | '"' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                tokens.push(Token::Operand(
                    chars[start..i.min(chars.len())].iter().collect(),
                ));
            }
            '/' if matches!(tokens.last(), Some(Token::Op(op)) if op == "=~") => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '/' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
                tokens.push(Token::Operand(
                    chars[start..i.min(chars.len())].iter().collect(),
                ));
            }
            '[' | '{' => {
                let close = if c == '[' { ']' } else { '}' };
                let start = i;
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == c {
                        depth += 1;
                    } else if chars[i] == close {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    i += 1;
                }
                tokens.push(Token::Operand(chars[start..i].iter().collect()));
            }
            _ => {
                let start = i;
                while i < chars.len() && !" \t\n\r()=!<>&|".contains(chars[i]) {
                    if chars[i] == '[' {
                        while i < chars.len() && chars[i] != ']' {
                            i += 1;
                        }
                    }
                    i += 1;
                }
                let word: String = chars[start..i.min(chars.len())].iter().collect();
                if matches!(
                    word.as_str(),
                    "in" | "nin" | "subsetof" | "anyof" | "noneof" | "size" | "empty"
                ) {
                    tokens.push(Token::Op(word));
                } else {
                    tokens.push(Token::Operand(word));
                }
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            let right = self.and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.peek() == Some(&Token::And) {
            self.pos += 1;
            let right = self.unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        match self.peek().cloned() {
            Some(Token::Not) => {
                self.pos += 1;
                Ok(Filter::Not(Box::new(self.unary()?)))
            }
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("expected )".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Operand(text)) => {
                self.pos += 1;
                let left = operand(&text)?;
                if let Some(Token::Op(op)) = self.peek().cloned() {
                    self.pos += 1;
                    let Some(Token::Operand(right)) = self.peek().cloned() else {
                        return Err(format!("expected an operand after {op}"));
                    };
                    self.pos += 1;
                    return Ok(Filter::Compare(left, op, operand(&right)?));
                }
                Ok(Filter::Exists(left))
            }
            other => Err(format!("unexpected {other:?}")),
        }
    }
}

fn operand(text: &str) -> Result<Operand, String> {
    if let Some(rest) = text.strip_prefix('@') {
        let path = Path::parse(&format!("${rest}")).map_err(|e| e.message)?;
        return Ok(Operand::Path {
            relative: true,
            path,
        });
    }
    if text.starts_with('$') {
        let path = Path::parse(text).map_err(|e| e.message)?;
        if path.root != PathRoot::Input {
            return Err("only $ paths are supported in filters".into());
        }
        return Ok(Operand::Path {
            relative: false,
            path,
        });
    }
    if text.starts_with('/') {
        return Ok(Operand::Regex(text.to_string()));
    }
    if let Some(inner) = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .or_else(|| text.strip_prefix('"').and_then(|t| t.strip_suffix('"')))
    {
        return Ok(Operand::Literal(Value::String(
            inner.replace("\\'", "'").replace("\\\"", "\""),
        )));
    }
    if text.starts_with('[') {
        // Jayway accepts single-quoted strings in inline arrays.
        let json = text.replace('\'', "\"");
        return serde_json::from_str(&json)
            .map(Operand::Literal)
            .map_err(|e| e.to_string());
    }
    serde_json::from_str(text)
        .map(Operand::Literal)
        .map_err(|e| format!("{text}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matches(filter: &str, item: Value) -> bool {
        Filter::parse(filter)
            .unwrap()
            .matches(&item, &json!({"max": 5}))
    }

    #[test]
    fn comparisons() {
        assert!(matches("@.price < 10", json!({"price": 8})));
        assert!(!matches("@.price < 10", json!({"price": 18})));
        assert!(!matches("@.price < 10", json!({})));
        assert!(matches("@.price <= $.max", json!({"price": 5})));
        assert!(matches("@.name == 'a'", json!({"name": "a"})));
        assert!(matches("@.name != 'a'", json!({"name": "b"})));
        assert!(matches("@.isbn", json!({"isbn": "x"})));
        assert!(!matches("@.isbn", json!({})));
        assert!(matches(
            "@.a > 1 && (@.b == true || !@.c)",
            json!({"a": 2, "b": false})
        ));
        assert!(matches("@.tag in ['x', 'y']", json!({"tag": "y"})));
        assert!(matches("@.tag nin ['x', 'y']", json!({"tag": "z"})));
        assert!(matches("@.name =~ /ab.*/i", json!({"name": "ABC"})));
        assert!(matches("@.list size 2", json!({"list": [1, 2]})));
        assert!(matches("@.list empty true", json!({"list": []})));
    }
}
