//! Source text as a positioned JSON tree: the first stage of the text front end.
//!
//! Both the JSON and the YAML reader produce the same [`Node`] tree, in which every value and every
//! object key carries its line and column. The tree keeps members in document order and keeps
//! duplicate keys (they are reported as diagnostics, then the first one wins when building the
//! model), so that later stages can point at the exact place of any problem via a JSON Pointer.

mod json;
mod yaml;

pub use json::parse_json;
pub use yaml::parse_yaml;

use crate::diagnostic::Pos;

/// A JSON value with its position in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number kept as its lexical form (`1`, `1.0`, `-2.5e3`), so no precision is lost and the
    /// emitter can write it back; compare with [`Value::as_f64`] and friends.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A text that could not be read as JSON or YAML at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {}, column {}", pos.line, pos.column)]
pub struct SyntaxError {
    pub message: String,
    pub pos: Pos,
}

/// A key that appears twice in the same object (JSON allows it, AWS and this project do not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON Pointer of the second occurrence.
    pub pointer: String,
    pub key: String,
    pub first: Pos,
    pub second: Pos,
}

/// A parsed document: the tree plus the duplicate keys found while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: Node,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Which reader to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// Picks the format from a file name: `.yaml`/`.yml` is YAML, everything else JSON.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Format::Yaml
        } else {
            Format::Json
        }
    }
}

/// Reads `text` in the given format.
pub fn parse(text: &str, format: Format) -> Result<Document, SyntaxError> {
    match format {
        Format::Json => parse_json(text),
        Format::Yaml => parse_yaml(text),
    }
}

/// The deepest nesting either reader accepts; deeper input is a [`SyntaxError`], never a stack
/// overflow.
pub const MAX_DEPTH: usize = 256;

impl Node {
    /// The member `key` of an object node (the first one if the key is duplicated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }

    /// Follows a JSON Pointer; returns the node and, when the last step was an object member, the
    /// position of its key.
    pub fn lookup(&self, pointer: &str) -> Option<(&Node, Option<Pos>)> {
        let mut node = self;
        let mut key_pos = None;
        for token in crate::diagnostic::pointer_tokens(pointer) {
            match &node.value {
                Value::Object(members) => {
                    let m = members.iter().find(|m| m.key == token)?;
                    key_pos = Some(m.key_pos);
                    node = &m.value;
                }
                Value::Array(items) => {
                    node = items.get(token.parse::<usize>().ok()?)?;
                    key_pos = None;
                }
                _ => return None,
            }
        }
        Some((node, key_pos))
    }

    /// The position a diagnostic should show for `pointer`: the key when `at_key` is set and
    /// there is one, else the value; when the pointer names a member that does not exist, the
    /// nearest existing ancestor.
    pub fn position_of(&self, pointer: &str, at_key: bool) -> Pos {
        let mut p = pointer.to_string();
        loop {
            if let Some((node, key_pos)) = self.lookup(&p) {
                return match (at_key && p == pointer, key_pos) {
                    (true, Some(k)) => k,
                    _ => node.pos,
                };
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return self.pos,
            }
        }
    }

    /// The JSON type name used in messages: `object`, `array`, `string`, `number`, `boolean`,
    /// `null`.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}
