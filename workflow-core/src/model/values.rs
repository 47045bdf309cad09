//! Values inside a definition: numbers kept exactly, static JSON, and payload templates whose
//! strings may be paths, intrinsic functions or JSONata expressions.

use crate::expr::{Dynamic, Jsonata};
use std::fmt;

/// A JSON number, kept in its lexical form so nothing is lost and the emitter writes back what
/// was read; compare with [`Number::as_f64`].
///
/// It may also be a whole `${Name}` placeholder standing where a deploy substitutes a number
/// (SAM's `DefinitionUri` and CloudFormation's `DefinitionS3Location` and `DefinitionString`
/// substitute the text before it is parsed, so `Seconds: ${Timeout}` becomes `Seconds: 30`).
/// Such a number has no value until then: see [`Number::placeholder`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Number {
    /// Wraps a lexical JSON number. The caller guarantees it is one (the readers do).
    pub fn from_lexical(text: impl Into<String>) -> Number {
        Number(text.into())
    }

    /// Whether `s` is a JSON number as RFC 8259 writes it,
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, and so may be wrapped by
    /// [`Number::from_lexical`].
    pub fn is_lexical(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        let digits = |i: &mut usize| {
            let start = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            *i - start
        };
        if b.first() == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(c) if c.is_ascii_digit() => {
                digits(&mut i);
            }
            _ => return false,
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

    /// Wraps a whole `${Name}` placeholder, if `text` is one.
    ///
    /// ```
    /// use workflow_core::model::Number;
    /// let n = Number::from_placeholder("${ReminderTimeout}").unwrap();
    /// assert_eq!(n.placeholder(), Some("ReminderTimeout"));
    /// assert_eq!(n.as_i64(), None);
    /// assert!(Number::from_placeholder("${A}s").is_none());
    /// ```
    pub fn from_placeholder(text: &str) -> Option<Number> {
        crate::placeholder::whole(text).map(|_| Number(text.to_string()))
    }

    /// The name of the placeholder this number is, if it is one rather than a number.
    pub fn placeholder(&self) -> Option<&str> {
        if self.0.starts_with('$') {
            crate::placeholder::whole(&self.0)
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value; NaN for a [placeholder](Number::placeholder).
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The value as an integer, if it is one (`3`, `3.0` and `3e0` are; `3.5` is not).
    pub fn as_i64(&self) -> Option<i64> {
        if let Ok(i) = self.0.parse::<i64>() {
            return Some(i);
        }
        let f = self.as_f64();
        if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
            Some(f as i64)
        } else {
            None
        }
    }

    pub fn is_integer(&self) -> bool {
        self.as_i64().is_some()
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Number {
        Number(n.to_string())
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Number {
        Number(n.to_string())
    }
}

impl From<f64> for Number {
    /// Finite values only; a non-finite value becomes `0`.
    fn from(n: f64) -> Number {
        if !n.is_finite() {
            return Number("0".into());
        }
        let mut s = n.to_string();
        if !s.contains(['.', 'e', 'E']) {
            s.push_str(".0");
        }
        Number(s)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Static JSON data (a Pass state's `Result`, CSV headers, …). Objects keep document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Semantic equality: numbers compared as numbers, objects compared as unordered maps.
    pub fn semantic_eq(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Number(a), Json::Number(b)) => a.as_f64() == b.as_f64(),
            (Json::Array(a), Json::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.semantic_eq(y))
            }
            (Json::Object(a), Json::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v.semantic_eq(v2)))
            }
            _ => self == other,
        }
    }
}

/// A payload template or any other value whose strings can be evaluated: in JSONPath mode
/// (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`, …) a field whose key ends in `.$`
/// holds a [`Dynamic`] path or intrinsic; in JSONata mode (`Arguments`, `Output`, `Assign`, …) a
/// string `{% … %}` is an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    /// A JSONata expression `{% … %}`.
    Expr(Jsonata),
    Array(Vec<Template>),
    /// Members in document order. A member whose value is [`Template::Dynamic`] is written with
    /// `.$` appended to its key; the key stored here is without it.
    Object(Vec<(String, Template)>),
    /// The value of a `key.$` member: a path or an intrinsic function call.
    Dynamic(Dynamic),
}

impl Template {
    /// The key as written in the definition: with `.$` for dynamic members.
    pub fn written_key(key: &str, value: &Template) -> String {
        match value {
            Template::Dynamic(_) => format!("{key}.$"),
            _ => key.to_string(),
        }
    }

    /// Visits this template and every nested one, depth first, with the JSON Pointer of each
    /// relative to this one.
    pub fn walk<'a>(&'a self, pointer: &str, f: &mut dyn FnMut(&str, &'a Template)) {
        f(pointer, self);
        match self {
            Template::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.walk(&format!("{pointer}/{i}"), f);
                }
            }
            Template::Object(members) => {
                for (k, v) in members {
                    let key = Template::written_key(k, v);
                    v.walk(&crate::diagnostic::pointer_push(pointer, &key), f);
                }
            }
            _ => {}
        }
    }
}

/// A field with a static form, a `…Path` form (JSONPath mode) and a JSONata form; the three are
/// exclusive, so one value says which one the definition uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Dyn<T> {
    /// `TimeoutSeconds: 30`, `Error: "Oops"`, …
    Value(T),
    /// `TimeoutSecondsPath: "$.t"`, `ErrorPath: "States.Format(…)"`, …
    Path(Dynamic),
    /// `TimeoutSeconds: "{% $t %}"` (JSONata).
    Expr(Jsonata),
}

impl<T> Dyn<T> {
    /// The JSONata expression, if this is one.
    pub fn expr(&self) -> Option<&Jsonata> {
        match self {
            Dyn::Expr(e) => Some(e),
            _ => None,
        }
    }

    /// The path or intrinsic, if this is the `…Path` form.
    pub fn path(&self) -> Option<&Dynamic> {
        match self {
            Dyn::Path(p) => Some(p),
            _ => None,
        }
    }

    /// The static value, if this is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Dyn::Value(v) => Some(v),
            _ => None,
        }
    }
}
