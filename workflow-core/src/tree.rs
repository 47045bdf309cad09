//! The ordered JSON tree the emitters build (the canonical ASL JSON and the CloudFormation
//! templates), and its two writers (JSON and YAML).
//!
//! Both writers walk the same [`Tree`], so the JSON and the YAML text of a template always hold
//! the same data, members in the same order, byte for byte the same on every run. Objects keep
//! the order their members were added in, whatever serde_json's `preserve_order` feature says.

use std::fmt::Write as _;

/// A JSON value whose objects keep the order their members were added in.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    Null,
    Bool(bool),
    /// A lexical JSON number (integers in practice: retention days, weights).
    Number(String),
    String(String),
    Array(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl Tree {
    /// An object from `(key, value)` pairs, in that order.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, Tree)>) -> Tree {
        Tree::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// `{"Ref": name}`.
    pub fn reference(name: &str) -> Tree {
        Tree::object([("Ref", Tree::from(name))])
    }

    /// `{"Fn::GetAtt": [resource, attribute]}`.
    pub fn get_att(resource: &str, attribute: &str) -> Tree {
        Tree::object([(
            "Fn::GetAtt",
            Tree::Array(vec![resource.into(), attribute.into()]),
        )])
    }

    /// `{"Fn::Sub": text}`.
    pub fn sub(text: &str) -> Tree {
        Tree::object([("Fn::Sub", Tree::from(text))])
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::String(s) => Some(s),
            _ => None,
        }
    }

    /// Visits this value and every nested one, depth first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Tree)) {
        f(self);
        match self {
            Tree::Array(items) => items.iter().for_each(|i| i.walk(f)),
            Tree::Object(members) => members.iter().for_each(|(_, v)| v.walk(f)),
            _ => {}
        }
    }

    /// Pretty-printed JSON: two-space indentation, `": "` after keys, `[]`/`{}` for empty
    /// collections, strings escaped as `serde_json` escapes them, and a trailing newline.
    /// The same value as `serde_json` data (object order then follows serde_json's map).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Tree::Null => Value::Null,
            Tree::Bool(b) => Value::Bool(*b),
            Tree::Number(n) => match serde_json::from_str::<Value>(n) {
                Ok(v @ Value::Number(_)) => v,
                _ => n
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number),
            },
            Tree::String(s) => Value::String(s.clone()),
            Tree::Array(items) => Value::Array(items.iter().map(Tree::to_value).collect()),
            Tree::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }

    pub fn to_json_string(&self) -> String {
        let mut buf = String::new();
        self.write_json(0, &mut buf);
        buf.push('\n');
        buf
    }

    fn write_json(&self, indent: usize, buf: &mut String) {
        match self {
            Tree::Null => buf.push_str("null"),
            Tree::Bool(b) => buf.push_str(if *b { "true" } else { "false" }),
            Tree::Number(n) => buf.push_str(n),
            Tree::String(s) => json_string(s, buf),
            Tree::Array(items) if items.is_empty() => buf.push_str("[]"),
            Tree::Array(items) => {
                buf.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        buf.push(',');
                    }
                    newline(indent + 1, buf);
                    item.write_json(indent + 1, buf);
                }
                newline(indent, buf);
                buf.push(']');
            }
            Tree::Object(members) if members.is_empty() => buf.push_str("{}"),
            Tree::Object(members) => {
                buf.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        buf.push(',');
                    }
                    newline(indent + 1, buf);
                    json_string(key, buf);
                    buf.push_str(": ");
                    value.write_json(indent + 1, buf);
                }
                newline(indent, buf);
                buf.push('}');
            }
        }
    }

    /// Block-style YAML with two-space indentation and a trailing newline.
    ///
    /// The writer is deliberately small and conservative, so its output reads the same in YAML
    /// 1.1 (PyYAML, cfn-lint, checkov) and YAML 1.2 (CloudFormation, this crate's reader):
    ///
    /// * a string is written plain only when it starts with an ASCII letter, holds only ASCII
    ///   letters, digits, spaces and `_-./:()@,=+`, has no `: `, does not end with `:` or a
    ///   space, and is not a word either version reads as a boolean or null (`yes`, `Off`,
    ///   `null`, …); everything else is double-quoted with JSON escapes (plus `\uXXXX` for the
    ///   characters YAML 1.1 does not allow raw);
    /// * a multi-line string (a `DefinitionString`) is a literal block scalar (`|` or `|-`) when
    ///   that keeps it exact, else double-quoted;
    /// * numbers are written as their JSON text, `true`/`false`/`null` as such, empty
    ///   collections as `[]`/`{}`;
    /// * CloudFormation intrinsics keep their long form (`Fn::GetAtt:`), as in the JSON.
    pub fn to_yaml_string(&self) -> String {
        let mut buf = String::new();
        match self {
            Tree::Object(m) if !m.is_empty() => self.write_yaml_block(0, &mut buf),
            Tree::Array(a) if !a.is_empty() => self.write_yaml_block(0, &mut buf),
            _ => {
                self.write_yaml_scalar(1, &mut buf);
                buf.push('\n');
            }
        }
        buf
    }

    /// Writes a non-empty collection whose first line is already indented to `indent` (in
    /// levels of two spaces).
    fn write_yaml_block(&self, indent: usize, buf: &mut String) {
        match self {
            Tree::Object(members) => {
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        pad(indent, buf);
                    }
                    yaml_string_inline(key, buf);
                    buf.push(':');
                    value.write_yaml_after_key(indent, buf);
                }
            }
            Tree::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        pad(indent, buf);
                    }
                    buf.push('-');
                    match item {
                        Tree::Object(m) if !m.is_empty() => {
                            buf.push(' ');
                            item.write_yaml_block(indent + 1, buf);
                        }
                        Tree::Array(a) if !a.is_empty() => {
                            buf.push(' ');
                            item.write_yaml_block(indent + 1, buf);
                        }
                        _ => {
                            buf.push(' ');
                            item.write_yaml_scalar(indent + 1, buf);
                            buf.push('\n');
                        }
                    }
                }
            }
            _ => unreachable!("write_yaml_block is only called on collections"),
        }
    }

    /// Writes the value of a mapping member whose key (and `:`) ends the current line so far.
    fn write_yaml_after_key(&self, indent: usize, buf: &mut String) {
        match self {
            Tree::Object(m) if !m.is_empty() => {
                buf.push('\n');
                pad(indent + 1, buf);
                self.write_yaml_block(indent + 1, buf);
            }
            Tree::Array(a) if !a.is_empty() => {
                buf.push('\n');
                pad(indent + 1, buf);
                self.write_yaml_block(indent + 1, buf);
            }
            _ => {
                buf.push(' ');
                self.write_yaml_scalar(indent + 1, buf);
                buf.push('\n');
            }
        }
    }

    /// Writes a scalar or an empty collection; a literal block's lines go at `indent`. Leaves
    /// the line open (no trailing newline).
    fn write_yaml_scalar(&self, indent: usize, buf: &mut String) {
        match self {
            Tree::Null => buf.push_str("null"),
            Tree::Bool(b) => buf.push_str(if *b { "true" } else { "false" }),
            Tree::Number(n) => buf.push_str(n),
            Tree::Array(_) => buf.push_str("[]"),
            Tree::Object(_) => buf.push_str("{}"),
            Tree::String(s) => {
                if let Some(chomp) = literal_block_chomping(s) {
                    buf.push('|');
                    buf.push_str(chomp);
                    let body = s.strip_suffix('\n').unwrap_or(s);
                    for line in body.split('\n') {
                        buf.push('\n');
                        if !line.is_empty() {
                            pad(indent, buf);
                            buf.push_str(line);
                        }
                    }
                } else {
                    yaml_string_inline(s, buf);
                }
            }
        }
    }
}

impl From<&str> for Tree {
    fn from(s: &str) -> Tree {
        Tree::String(s.to_string())
    }
}

impl From<&String> for Tree {
    fn from(s: &String) -> Tree {
        Tree::String(s.clone())
    }
}

impl From<String> for Tree {
    fn from(s: String) -> Tree {
        Tree::String(s)
    }
}

impl From<bool> for Tree {
    fn from(b: bool) -> Tree {
        Tree::Bool(b)
    }
}

impl From<u32> for Tree {
    fn from(n: u32) -> Tree {
        Tree::Number(n.to_string())
    }
}

impl From<Vec<Tree>> for Tree {
    fn from(items: Vec<Tree>) -> Tree {
        Tree::Array(items)
    }
}

/// A `serde_json` value; objects come out in `serde_json`'s map order (sorted by key unless its
/// `preserve_order` feature is on), which is deterministic either way.
impl From<serde_json::Value> for Tree {
    fn from(v: serde_json::Value) -> Tree {
        use serde_json::Value;
        match v {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(b),
            Value::Number(n) => Tree::Number(n.to_string()),
            Value::String(s) => Tree::String(s),
            Value::Array(items) => Tree::Array(items.into_iter().map(Tree::from).collect()),
            Value::Object(members) => {
                Tree::Object(members.into_iter().map(|(k, v)| (k, v.into())).collect())
            }
        }
    }
}

/// Static JSON of a definition (a CloudFormation intrinsic in a `Resource`).
impl From<&crate::model::Json> for Tree {
    fn from(v: &crate::model::Json) -> Tree {
        use crate::model::Json;
        match v {
            Json::Null => Tree::Null,
            Json::Bool(b) => Tree::Bool(*b),
            Json::Number(n) => Tree::Number(n.as_str().to_string()),
            Json::String(s) => Tree::String(s.clone()),
            Json::Array(items) => Tree::Array(items.iter().map(Tree::from).collect()),
            Json::Object(members) => Tree::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), Tree::from(v)))
                    .collect(),
            ),
        }
    }
}

fn newline(indent: usize, buf: &mut String) {
    buf.push('\n');
    pad(indent, buf);
}

fn pad(indent: usize, buf: &mut String) {
    for _ in 0..indent {
        buf.push_str("  ");
    }
}

/// Writes `s` as a JSON string, escaped as `serde_json` escapes it.
fn json_string(s: &str, buf: &mut String) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            '\u{08}' => buf.push_str("\\b"),
            '\u{0c}' => buf.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

/// Characters YAML 1.1 readers refuse raw anywhere in a stream (and line breaks YAML 1.1
/// counts that JSON does not): written escaped inside double quotes, never in a block.
fn yaml_needs_escape(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0x9f).contains(&u)
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A key or a one-line value: plain when that is unambiguous, else double-quoted.
fn yaml_string_inline(s: &str, buf: &mut String) {
    if yaml_plain_ok(s) {
        buf.push_str(s);
        return;
    }
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if yaml_needs_escape(c) => {
                let _ = write!(buf, "\\u{:04x}", c as u32);
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

fn yaml_plain_ok(s: &str) -> bool {
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " _-./:()@,=+".contains(c))
        && !s.contains(": ")
        && !s.ends_with([':', ' '])
        && !RESERVED.iter().any(|r| s.eq_ignore_ascii_case(r))
}

/// The block header's chomping indicator when `s` can be written as a literal block scalar
/// exactly: several lines, no character that needs escaping (tabs included), no line that is
/// only spaces, not starting with a space or an empty line (which would need an indentation
/// indicator), and at most one trailing newline.
fn literal_block_chomping(s: &str) -> Option<&'static str> {
    if !s.contains('\n')
        || s.starts_with([' ', '\n'])
        || s.ends_with("\n\n")
        || s.chars().any(|c| c != '\n' && yaml_needs_escape(c))
    {
        return None;
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    if body
        .split('\n')
        .any(|line| !line.is_empty() && line.trim_start_matches(' ').is_empty())
    {
        return None;
    }
    Some(if s.ends_with('\n') { "" } else { "-" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Node, Value, parse_json, parse_yaml};

    /// The tree of a parsed document without positions, keys in order.
    fn strip(node: &Node) -> Tree {
        match &node.value {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(*b),
            Value::Number(n) => Tree::Number(n.clone()),
            Value::String(s) => Tree::String(s.clone()),
            Value::Array(items) => Tree::Array(items.iter().map(strip).collect()),
            Value::Object(members) => Tree::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), strip(&m.value)))
                    .collect(),
            ),
        }
    }

    fn round_trip(tree: &Tree) {
        let json = tree.to_json_string();
        let yaml = tree.to_yaml_string();
        let from_json = strip(&parse_json(&json).expect("JSON parses").root);
        let from_yaml = strip(
            &parse_yaml(&yaml)
                .unwrap_or_else(|e| panic!("YAML parses: {e}\n{yaml}"))
                .root,
        );
        assert_eq!(&from_json, tree, "JSON:\n{json}");
        assert_eq!(&from_yaml, tree, "YAML:\n{yaml}");
    }

    #[test]
    fn awkward_strings_survive_yaml() {
        let strings = [
            "",
            "plain",
            "with space",
            " leading",
            "trailing ",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "2010-09-09",
            "123",
            "0x1F",
            "1e3",
            ".inf",
            "-",
            "- item",
            "key: value",
            "ends:",
            "a #comment",
            "#start",
            "&anchor",
            "*alias",
            "!tag",
            "%directive",
            "@at",
            "`tick",
            "'single'",
            "\"double\"",
            "back\\slash",
            "{flow}",
            "[flow]",
            "a, b",
            "${AWS::Region}",
            "arn:aws:states:${AWS::Region}:${AWS::AccountId}:activity:x",
            "Fn::GetAtt",
            "tab\there",
            "line\nbreak",
            "line\nbreak\n",
            "two trailing\n\n",
            "\nleading newline",
            "  indented\nblock",
            "spaces only line\n   \nend",
            "ctrl\u{1}char",
            "del\u{7f}",
            "nel\u{85}",
            "ls\u{2028}",
            "bom\u{feff}",
            "é ü 日本",
            "{\n  \"StartAt\": \"A\"\n}\n",
            "cr\r\nlf",
        ];
        for s in strings {
            round_trip(&Tree::from(s));
            round_trip(&Tree::object([(s, Tree::from(s))]));
            round_trip(&Tree::Array(vec![
                Tree::from(s),
                Tree::object([(s, s.into())]),
            ]));
        }
    }

    #[test]
    fn nested_collections_survive_yaml() {
        let tree = Tree::object([
            ("Empty", Tree::Object(vec![])),
            ("EmptyList", Tree::Array(vec![])),
            ("Number", Tree::from(365u32)),
            ("Bool", Tree::from(false)),
            ("Null", Tree::Null),
            (
                "Nested",
                Tree::Array(vec![
                    Tree::Array(vec![Tree::from("a"), Tree::Array(vec![Tree::from("b")])]),
                    Tree::object([
                        ("Key", Tree::from("k")),
                        (
                            "List",
                            Tree::Array(vec![Tree::from(1u32), Tree::from(2u32)]),
                        ),
                        ("Block", Tree::from("x\ny\n")),
                    ]),
                    Tree::from("l1\nl2"),
                    Tree::Object(vec![]),
                ]),
            ),
            ("Sub", Tree::sub("arn:${AWS::Partition}:s3:::b")),
            ("GetAtt", Tree::get_att("Role", "Arn")),
        ]);
        round_trip(&tree);
        assert_eq!(tree.to_yaml_string(), tree.clone().to_yaml_string());
    }

    #[test]
    fn json_is_pretty_and_escaped() {
        let tree = Tree::object([
            (
                "a",
                Tree::Array(vec![Tree::from("x\"\u{1}"), Tree::Array(vec![])]),
            ),
            ("b", Tree::Object(vec![])),
        ]);
        assert_eq!(
            tree.to_json_string(),
            "{\n  \"a\": [\n    \"x\\\"\\u0001\",\n    []\n  ],\n  \"b\": {}\n}\n"
        );
    }

    #[test]
    fn yaml_layout() {
        let tree = Tree::object([
            ("Version", Tree::from("2010-09-09")),
            (
                "Tags",
                Tree::Array(vec![Tree::object([
                    ("Key", Tree::from("team")),
                    ("Value", Tree::from("orders")),
                ])]),
            ),
            ("Text", Tree::from("{\n  \"a\": 1\n}\n")),
        ]);
        assert_eq!(
            tree.to_yaml_string(),
            "Version: \"2010-09-09\"\nTags:\n  - Key: team\n    Value: orders\nText: |\n  {\n    \"a\": 1\n  }\n"
        );
    }
}
