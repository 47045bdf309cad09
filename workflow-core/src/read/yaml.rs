//! The YAML reader: `yaml-rust2` events turned into the same positioned tree as the JSON reader.
//!
//! Plain scalars are resolved with the YAML 1.2 core schema, aliases are expanded (within a
//! budget), and CloudFormation short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become their
//! long-form objects, so a definition embedded in a template reads the same as in JSON.

use super::{Document, DuplicateKey, MAX_DEPTH, Member, Node, SyntaxError, Value};
use crate::diagnostic::{Pos, pointer_push};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// The most nodes that aliases may add to the tree (a "billion laughs" document stops here).
const MAX_ALIAS_NODES: usize = 100_000;
/// The most nodes kept for anchors (each anchored node is copied once when it ends).
const MAX_ANCHORED_NODES: usize = 1_000_000;
/// The tag handle `!!` expands to.
const CORE: &str = "tag:yaml.org,2002:";

/// Reads `text` as exactly one YAML document.
///
/// A UTF-8 byte order mark at the start is skipped (it counts in byte offsets, not in columns).
/// Duplicate keys are kept in the tree and listed in [`Document::duplicate_keys`].
pub fn parse_yaml(text: &str) -> Result<Document, SyntaxError> {
    let (body, base) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    };
    let mut builder = Builder {
        lines: Lines::new(body, base),
        stack: Vec::new(),
        depth: 0,
        anchors: HashMap::new(),
        aliased: 0,
        anchored: 0,
        root: None,
        duplicate_keys: Vec::new(),
    };
    // yaml-rust2 treats NUL as the end of the text, which would silently drop the rest.
    if let Some(nul) = body.find('\0') {
        let pos = builder.lines.pos_of_offset(nul);
        return Err(SyntaxError {
            message: "the text contains a NUL character".to_string(),
            pos,
        });
    }
    let mut parser = Parser::new_from_str(body);
    let mut documents = 0usize;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                let pos = builder.lines.pos(e.marker());
                return Err(SyntaxError {
                    message: scan_message(e.info()),
                    pos,
                });
            }
        };
        match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(builder.error(
                        &mark,
                        "the text holds more than one YAML document, expected exactly one",
                    ));
                }
            }
            event => builder.event(event, &mark)?,
        }
    }
    match builder.root {
        Some(root) => Ok(Document {
            root,
            duplicate_keys: builder.duplicate_keys,
        }),
        None => Err(SyntaxError {
            message: "the text is empty, expected a YAML mapping".to_string(),
            pos: builder.lines.pos_of_offset(0),
        }),
    }
}

/// yaml-rust2's messages, made to read like ours (lowercase start, no trailing period).
fn scan_message(info: &str) -> String {
    if info == "recursion limit exceeded" {
        // yaml-rust2 counts flow levels in a `u8`.
        return "nesting too deep: more than 255 levels of flow sequences and mappings".to_string();
    }
    let info = info.trim().trim_end_matches('.');
    let mut chars = info.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid YAML".to_string(),
    }
}

/// A node that an anchor names, with what it costs to copy it.
struct Anchored {
    node: Node,
    /// Levels of arrays and objects in the node (0 for a scalar).
    depth: usize,
    /// Number of nodes in it.
    size: usize,
}

/// A sequence or mapping whose end has not been read yet.
struct Frame {
    pos: Pos,
    kind: Kind,
    /// Anchor id of the node (0 for none).
    anchor: usize,
    /// The key of a CloudFormation short-form tag the node is wrapped in (`Fn::If`).
    wrap: Option<String>,
    /// Deepest child so far and number of nodes so far.
    child_depth: usize,
    size: usize,
}

enum Kind {
    Sequence(Vec<Node>),
    Mapping {
        members: Vec<Member>,
        /// The key whose value comes next; `None` when a key comes next.
        key: Option<(String, Pos)>,
        /// Key → index of the first member with it, once the mapping is large.
        index: Option<HashMap<String, usize>>,
    },
}

impl Frame {
    fn levels(&self) -> usize {
        1 + usize::from(self.wrap.is_some())
    }
}

struct Builder<'a> {
    lines: Lines<'a>,
    stack: Vec<Frame>,
    /// Levels of the open frames, wrappers included.
    depth: usize,
    anchors: HashMap<usize, Anchored>,
    /// Nodes added by aliases and kept for anchors, against the budgets.
    aliased: usize,
    anchored: usize,
    root: Option<Node>,
    duplicate_keys: Vec<DuplicateKey>,
}

impl Builder<'_> {
    fn error(&mut self, mark: &Marker, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            pos: self.lines.pos(mark),
        }
    }

    /// Whether the top frame is a mapping that waits for a key.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: Kind::Mapping { key: None, .. },
                ..
            })
        )
    }

    fn event(&mut self, event: Event, mark: &Marker) -> Result<(), SyntaxError> {
        if self.root.is_some() {
            return Err(self.error(mark, "unexpected content after the YAML document"));
        }
        if self.expects_key() {
            return self.key(event, mark);
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let pos = self.lines.pos(mark);
                let (node, depth, size) = match local_tag(tag.as_ref()) {
                    Some(name) => wrap_scalar(name, text, pos),
                    None => {
                        let value = resolve_scalar(text, style, tag.as_ref())
                            .map_err(|m| self.error(mark, m))?;
                        (Node { value, pos }, 0, 1)
                    }
                };
                self.finish(node, depth, size, anchor, mark)
            }
            Event::Alias(id) => {
                let (mut node, depth, size) = self.alias(id, mark)?;
                // The copy sits where the alias is written; its insides keep their positions.
                node.pos = self.lines.pos(mark);
                self.finish(node, depth, size, 0, mark)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(Kind::Sequence(Vec::new()), anchor, tag, mark)
            }
            Event::MappingStart(anchor, tag) => self.open(
                Kind::Mapping {
                    members: Vec::new(),
                    key: None,
                    index: None,
                },
                anchor,
                tag,
                mark,
            ),
            Event::SequenceEnd | Event::MappingEnd => self.close(mark),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => Ok(()),
        }
    }

    /// The event in key position of a mapping.
    fn key(&mut self, event: Event, mark: &Marker) -> Result<(), SyntaxError> {
        let pos = self.lines.pos(mark);
        let key = match event {
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    let value = resolve_scalar(text.clone(), style, tag.as_ref())
                        .unwrap_or_else(|_| Value::String(text.clone()));
                    self.store_anchor(anchor, Node { value, pos }, 0, 1, mark)?;
                }
                text
            }
            Event::Alias(id) => {
                let (node, _, _) = self.alias(id, mark)?;
                match node.value {
                    Value::String(s) | Value::Number(s) => s,
                    Value::Bool(b) => b.to_string(),
                    Value::Null => "null".to_string(),
                    Value::Array(_) | Value::Object(_) => {
                        return Err(self.error(
                            mark,
                            "a mapping key must be a scalar, found an alias to a collection",
                        ));
                    }
                }
            }
            Event::SequenceStart(..) => {
                return Err(self.error(mark, "a mapping key must be a scalar, found a sequence"));
            }
            Event::MappingStart(..) => {
                return Err(self.error(mark, "a mapping key must be a scalar, found a mapping"));
            }
            // After the last value, the mapping ends where the next key would be.
            Event::MappingEnd => return self.close(mark),
            _ => return Err(self.error(mark, "expected a mapping key")),
        };
        let Some(Frame {
            pos: map_pos,
            kind: Kind::Mapping {
                members, key: slot, ..
            },
            ..
        }) = self.stack.last_mut()
        else {
            unreachable!("expects_key checked the top frame")
        };
        // A block mapping's start event sits after its first key; point at the key instead.
        if members.is_empty() && pos.offset < map_pos.offset {
            *map_pos = pos;
        }
        *slot = Some((key, pos));
        Ok(())
    }

    /// A copy of the node anchor `id` names.
    fn alias(&mut self, id: usize, mark: &Marker) -> Result<(Node, usize, usize), SyntaxError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error(mark, "the alias refers to a node that contains it"));
        };
        let (depth, size) = (anchored.depth, anchored.size);
        self.aliased = self.aliased.saturating_add(size);
        if self.aliased > MAX_ALIAS_NODES {
            return Err(self.error(
                mark,
                format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
            ));
        }
        let node = self.anchors[&id].node.clone();
        Ok((node, depth, size))
    }

    fn store_anchor(
        &mut self,
        anchor: usize,
        node: Node,
        depth: usize,
        size: usize,
        mark: &Marker,
    ) -> Result<(), SyntaxError> {
        self.anchored = self.anchored.saturating_add(size);
        if self.anchored > MAX_ANCHORED_NODES {
            return Err(self.error(
                mark,
                format!("anchors hold more than {MAX_ANCHORED_NODES} nodes"),
            ));
        }
        self.anchors.insert(anchor, Anchored { node, depth, size });
        Ok(())
    }

    fn open(
        &mut self,
        kind: Kind,
        anchor: usize,
        tag: Option<Tag>,
        mark: &Marker,
    ) -> Result<(), SyntaxError> {
        let frame = Frame {
            pos: self.lines.pos(mark),
            kind,
            anchor,
            wrap: local_tag(tag.as_ref()).map(intrinsic_key),
            child_depth: 0,
            size: 0,
        };
        if self.depth + frame.levels() > MAX_DEPTH {
            return Err(self.too_deep(mark));
        }
        self.depth += frame.levels();
        self.stack.push(frame);
        Ok(())
    }

    fn too_deep(&mut self, mark: &Marker) -> SyntaxError {
        self.error(
            mark,
            format!("nesting too deep: more than {MAX_DEPTH} levels of sequences and mappings"),
        )
    }

    fn close(&mut self, mark: &Marker) -> Result<(), SyntaxError> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.error(mark, "unexpected end of a collection"));
        };
        self.depth -= frame.levels();
        let pos = frame.pos;
        let value = match frame.kind {
            Kind::Sequence(items) => Value::Array(items),
            Kind::Mapping { members, .. } => Value::Object(members),
        };
        let mut node = Node { value, pos };
        let mut depth = frame.child_depth + 1;
        let mut size = frame.size + 1;
        if let Some(key) = frame.wrap {
            node = wrap(key, node);
            depth += 1;
            size += 1;
        }
        self.finish(node, depth, size, frame.anchor, mark)
    }

    /// Puts a complete node in its place: the open collection, or the root.
    fn finish(
        &mut self,
        node: Node,
        depth: usize,
        size: usize,
        anchor: usize,
        mark: &Marker,
    ) -> Result<(), SyntaxError> {
        if self.depth + depth > MAX_DEPTH {
            return Err(self.too_deep(mark));
        }
        if anchor != 0 {
            self.store_anchor(anchor, node.clone(), depth, size, mark)?;
        }
        let duplicate = match self.stack.last() {
            Some(Frame {
                kind:
                    Kind::Mapping {
                        members,
                        key: Some((key, _)),
                        index,
                    },
                ..
            }) => find_key(members, index, key).map(|first| (first, path_of(&self.stack))),
            _ => None,
        };
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.child_depth = frame.child_depth.max(depth);
        frame.size = frame.size.saturating_add(size);
        match &mut frame.kind {
            Kind::Sequence(items) => items.push(node),
            Kind::Mapping {
                members,
                key,
                index,
            } => {
                let Some((key, key_pos)) = key.take() else {
                    unreachable!("a value comes after its key")
                };
                match duplicate {
                    Some((first, path)) => self.duplicate_keys.push(DuplicateKey {
                        pointer: pointer_push(&path, &key),
                        key: key.clone(),
                        first: members[first].key_pos,
                        second: key_pos,
                    }),
                    None => {
                        if let Some(index) = index {
                            index.insert(key.clone(), members.len());
                        } else if members.len() + 1 >= INDEX_THRESHOLD {
                            let mut map = HashMap::with_capacity(members.len() * 2 + 2);
                            for (n, m) in members.iter().enumerate() {
                                map.entry(m.key.clone()).or_insert(n);
                            }
                            map.insert(key.clone(), members.len());
                            *index = Some(map);
                        }
                    }
                }
                members.push(Member {
                    key,
                    key_pos,
                    value: node,
                });
            }
        }
        Ok(())
    }
}

/// Mappings with at least this many members look up duplicate keys in a hash map.
const INDEX_THRESHOLD: usize = 16;

fn find_key(
    members: &[Member],
    index: &Option<HashMap<String, usize>>,
    key: &str,
) -> Option<usize> {
    match index {
        Some(index) => index.get(key).copied(),
        None => members.iter().position(|m| m.key == key),
    }
}

/// The JSON Pointer of the collection on top of `stack` (inside its wrapper, if any).
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for (n, frame) in stack.iter().enumerate() {
        if let Some(wrap) = &frame.wrap {
            path = pointer_push(&path, wrap);
        }
        if n + 1 < stack.len() {
            match &frame.kind {
                Kind::Sequence(items) => path = pointer_push(&path, &items.len().to_string()),
                Kind::Mapping { key, .. } => {
                    path = pointer_push(&path, key.as_ref().map_or("", |(k, _)| k.as_str()));
                }
            }
        }
    }
    path
}

/// The name of a local tag (`!Ref` → `Ref`), the form CloudFormation short-form functions take.
fn local_tag(tag: Option<&Tag>) -> Option<&str> {
    match tag {
        Some(Tag { handle, suffix }) if handle == "!" && !suffix.is_empty() => Some(suffix),
        _ => None,
    }
}

/// The long-form key of a short-form function: `Ref` and `Condition` stay, others get `Fn::`.
fn intrinsic_key(name: &str) -> String {
    match name {
        "Ref" | "Condition" => name.to_string(),
        _ => format!("Fn::{name}"),
    }
}

/// `{key: node}` at the node's position.
fn wrap(key: String, node: Node) -> Node {
    let pos = node.pos;
    Node {
        value: Value::Object(vec![Member {
            key,
            key_pos: pos,
            value: node,
        }]),
        pos,
    }
}

/// A scalar under a short-form tag: `!Ref X` → `{"Ref": "X"}`, `!GetAtt A.B` →
/// `{"Fn::GetAtt": ["A", "B"]}`. Returns the node, its depth and its size.
fn wrap_scalar(name: &str, text: String, pos: Pos) -> (Node, usize, usize) {
    if name == "GetAtt"
        && let Some((resource, attribute)) = text.split_once('.')
    {
        let part = |s: &str| Node {
            value: Value::String(s.to_string()),
            pos,
        };
        let array = Node {
            value: Value::Array(vec![part(resource), part(attribute)]),
            pos,
        };
        return (wrap(intrinsic_key(name), array), 2, 4);
    }
    let inner = Node {
        value: Value::String(text),
        pos,
    };
    (wrap(intrinsic_key(name), inner), 1, 2)
}

/// The value of a scalar: quoted ones are strings, plain ones follow the core schema, and the
/// `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` tags force their type.
fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    if let Some(Tag { handle, suffix }) = tag {
        if handle == CORE {
            let value = match suffix.as_str() {
                "str" => return Ok(Value::String(text)),
                "int" => int(&text).map(Value::Number),
                "float" => float(&text)
                    .or_else(|| int(&text))
                    .map(Value::Number)
                    .or_else(|| special_float(&text).then(|| Value::String(text.clone()))),
                "bool" => boolean(&text).map(Value::Bool),
                "null" => null(&text).then_some(Value::Null),
                // Other core tags (`!!binary`, `!!timestamp`, ...): just the value.
                _ => None,
            };
            if let Some(value) = value {
                return Ok(value);
            }
            if matches!(suffix.as_str(), "int" | "float" | "bool" | "null") {
                return Err(format!("`{text}` is not a valid !!{suffix} value"));
            }
        }
        if handle.is_empty() && suffix == "!" {
            // The non-specific tag `!`: a string.
            return Ok(Value::String(text));
        }
    }
    Ok(match style {
        TScalarStyle::Plain => plain(text),
        _ => Value::String(text),
    })
}

/// A plain scalar by the YAML 1.2 core schema.
fn plain(text: String) -> Value {
    if null(&text) {
        Value::Null
    } else if let Some(b) = boolean(&text) {
        Value::Bool(b)
    } else if let Some(n) = int(&text).or_else(|| float(&text)) {
        Value::Number(n)
    } else {
        Value::String(text)
    }
}

fn null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn special_float(text: &str) -> bool {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    matches!(t, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN")
}

/// An integer (`[-+]?[0-9]+`, `0o17`, `0x1F`) as JSON number text, e.g. `+007` → `7`,
/// `0x10` → `16`. Hex and octal values beyond `u128` are not numbers.
fn int(text: &str) -> Option<String> {
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return radix(oct, 8);
    }
    let (sign, digits) = split_sign(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{sign}{}", strip_zeros(digits)))
}

fn radix(digits: &str, radix: u32) -> Option<String> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u128::from_str_radix(digits, radix)
        .ok()
        .map(|n| n.to_string())
}

/// A float (`[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`) as JSON number text, e.g.
/// `.5` → `0.5`, `1.` → `1.0`, `+1e3` → `1e3`.
fn float(text: &str) -> Option<String> {
    let (sign, rest) = split_sign(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let (int_part, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !frac.is_none_or(all_digits) {
        return None;
    }
    if int_part.is_empty() && frac.is_none_or(str::is_empty) {
        return None;
    }
    let mut out = format!("{sign}{}", strip_zeros(int_part));
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(if frac.is_empty() { "0" } else { frac });
    }
    if let Some(exp) = exponent {
        // `e` or `E`, then an optional sign and digits.
        let signed = &exp[1..];
        let digits = signed.strip_prefix(['+', '-']).unwrap_or(signed);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        out.push_str(exp);
    }
    Some(out)
}

/// `-` or nothing (a `+` is dropped), and the rest.
fn split_sign(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        ("-", rest)
    } else {
        ("", text.strip_prefix('+').unwrap_or(text))
    }
}

/// Digits without leading zeros; `0` when nothing is left.
fn strip_zeros(digits: &str) -> &str {
    let s = digits.trim_start_matches('0');
    if s.is_empty() { "0" } else { s }
}

/// Line starts of the text, to turn yaml-rust2 markers (1-based line, 0-based column in
/// characters) into positions with byte offsets.
struct Lines<'a> {
    text: &'a str,
    /// Bytes before `text` in the original input (a byte order mark).
    base: usize,
    starts: Vec<usize>,
    ascii: bool,
    /// The last (line index, column, offset) computed on a non-ASCII text.
    cache: (usize, usize, usize),
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    starts.push(i + 1);
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines {
            text,
            base,
            starts,
            ascii: text.is_ascii(),
            cache: (0, 0, 0),
        }
    }

    fn pos(&mut self, mark: &Marker) -> Pos {
        let line = mark.line().max(1) - 1;
        let col = mark.col();
        let offset = match self.starts.get(line) {
            // yaml-rust2 moves the end of the stream to a new line even without a line break.
            None => return self.pos_of_offset(self.text.len()),
            Some(&start) => {
                let end = self
                    .starts
                    .get(line + 1)
                    .copied()
                    .unwrap_or(self.text.len());
                if self.ascii {
                    (start + col).min(end)
                } else {
                    let (from_col, from_off) = match self.cache {
                        (l, c, o) if l == line && c <= col => (c, o),
                        _ => (0, start),
                    };
                    let off = self.text[from_off..end]
                        .char_indices()
                        .nth(col - from_col)
                        .map_or(end, |(i, _)| from_off + i);
                    self.cache = (line, col, off);
                    off
                }
            }
        };
        Pos {
            line: u32::try_from(mark.line().max(1)).unwrap_or(u32::MAX),
            column: u32::try_from(col + 1).unwrap_or(u32::MAX),
            offset: self.base + offset,
        }
    }

    /// The position of a byte offset of the text (a character boundary).
    fn pos_of_offset(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Pos {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: self.base + offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, column: u32, offset: usize) -> Pos {
        Pos {
            line,
            column,
            offset,
        }
    }

    fn err(text: &str) -> SyntaxError {
        match parse_yaml(text) {
            Ok(doc) => panic!("{text:?} was read as {:?}", doc.root),
            Err(e) => e,
        }
    }

    fn root(text: &str) -> Node {
        parse_yaml(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .root
    }

    fn value(text: &str) -> Value {
        root(text).value
    }

    fn string(s: &str) -> Value {
        Value::String(s.into())
    }

    fn number(s: &str) -> Value {
        Value::Number(s.into())
    }

    /// Drops positions, for comparing shapes.
    fn shape(node: &Node) -> String {
        match &node.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.clone(),
            Value::String(s) => format!("{s:?}"),
            Value::Array(items) => {
                format!(
                    "[{}]",
                    items.iter().map(shape).collect::<Vec<_>>().join(",")
                )
            }
            Value::Object(members) => format!(
                "{{{}}}",
                members
                    .iter()
                    .map(|m| format!("{:?}:{}", m.key, shape(&m.value)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    #[test]
    fn positions_of_nested_values_and_keys() {
        let text = "# comment\nStartAt: A\nStates:\n  Ä:\n    Type: Pass\n    Next: [B, \"C\"]\n";
        let root = root(text);
        assert_eq!(root.pos, pos(2, 1, 10));
        let (start, key) = root.lookup("/StartAt").unwrap();
        assert_eq!((key, start.pos), (Some(pos(2, 1, 10)), pos(2, 10, 19)));
        let (states, key) = root.lookup("/States").unwrap();
        assert_eq!(key, Some(pos(3, 1, 21)));
        assert_eq!(states.pos, pos(4, 3, 31));
        let (a, key) = root.lookup("/States/Ä").unwrap();
        assert_eq!(key, Some(pos(4, 3, 31)));
        assert_eq!(a.pos, pos(5, 5, 39));
        let (ty, key) = root.lookup("/States/Ä/Type").unwrap();
        assert_eq!((key, ty.pos), (Some(pos(5, 5, 39)), pos(5, 11, 45)));
        assert_eq!(&text[ty.pos.offset..ty.pos.offset + 4], "Pass");
        let (next, key) = root.lookup("/States/Ä/Next").unwrap();
        assert_eq!((key, next.pos), (Some(pos(6, 5, 54)), pos(6, 11, 60)));
        let (c, _) = root.lookup("/States/Ä/Next/1").unwrap();
        assert_eq!((c.value.clone(), c.pos), (string("C"), pos(6, 15, 64)));
    }

    #[test]
    fn positions_count_characters_and_crlf() {
        let text = "ééé: [x, ü]\r\nb: \"😀\"\r\nc:\r\n  - 1\r\n";
        let root = root(text);
        let (x, _) = root.lookup("/ééé/1").unwrap();
        assert_eq!(x.pos, pos(1, 10, 12));
        assert_eq!(&text[x.pos.offset..x.pos.offset + 2], "ü");
        let (b, key) = root.lookup("/b").unwrap();
        assert_eq!((key, b.pos), (Some(pos(2, 1, 17)), pos(2, 4, 20)));
        let (c, _) = root.lookup("/c/0").unwrap();
        assert_eq!(c.pos, pos(4, 5, 36));
        assert_eq!(&text[c.pos.offset..c.pos.offset + 1], "1");
        let bom = parse_yaml("\u{FEFF}a: 1").unwrap().root;
        assert_eq!(
            bom.lookup("/a").unwrap(),
            (
                &Node {
                    value: number("1"),
                    pos: pos(1, 4, 6)
                },
                Some(pos(1, 1, 3))
            )
        );
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let cases = [
            ("~", Value::Null),
            ("null", Value::Null),
            ("NULL", Value::Null),
            ("true", Value::Bool(true)),
            ("False", Value::Bool(false)),
            ("yes", string("yes")),
            ("on", string("on")),
            ("1", number("1")),
            ("-12", number("-12")),
            ("+1", number("1")),
            ("007", number("7")),
            ("-0", number("-0")),
            ("0x10", number("16")),
            ("0xff", number("255")),
            ("0o17", number("15")),
            ("0x", string("0x")),
            ("0o8", string("0o8")),
            ("1.5", number("1.5")),
            (".5", number("0.5")),
            ("-.5", number("-0.5")),
            ("1.", number("1.0")),
            ("1e3", number("1e3")),
            ("+1.5E-3", number("1.5E-3")),
            ("01.5e+03", number("1.5e+03")),
            (".", string(".")),
            ("1e", string("1e")),
            ("e3", string("e3")),
            ("1_000", string("1_000")),
            (".inf", string(".inf")),
            ("-.Inf", string("-.Inf")),
            (".nan", string(".nan")),
            ("2024-01-01", string("2024-01-01")),
            ("hello world", string("hello world")),
            ("'1'", string("1")),
            ("\"true\"", string("true")),
            ("'null'", string("null")),
            ("\"\"", string("")),
            ("!!str 1", string("1")),
            ("!!str", string("")),
            ("!!int \"0x1F\"", number("31")),
            ("!!float 1", number("1")),
            ("!!float .inf", string(".inf")),
            ("!!bool 'true'", Value::Bool(true)),
            ("!!null ''", Value::Null),
            ("! 12", string("12")),
            ("!!binary aGk=", string("aGk=")),
            ("!<tag:example.com,2000:x> 5", number("5")),
            ("|\n  line\n  two\n", string("line\ntwo\n")),
            (">-\n  a\n  b\n", string("a b")),
        ];
        for (text, expected) in cases {
            assert_eq!(value(text), expected, "{text}");
        }
        assert_eq!(
            value("a:"),
            Value::Object(vec![Member {
                key: "a".into(),
                key_pos: pos(1, 1, 0),
                value: Node {
                    value: Value::Null,
                    pos: pos(1, 3, 2)
                }
            }])
        );
        assert_eq!(err("!!int abc").message, "`abc` is not a valid !!int value");
        assert_eq!(
            err("a: !!bool yes").message,
            "`yes` is not a valid !!bool value"
        );
        assert_eq!(err("a: !!bool yes").pos, pos(1, 11, 10));
    }

    #[test]
    fn keys_are_scalar_text() {
        let keys = root("1: a\n0x10: b\ntrue: c\n~: d\n'q': e\n? f\n");
        assert_eq!(
            shape(&keys),
            r#"{"1":"a","0x10":"b","true":"c","~":"d","q":"e","f":null}"#
        );
        let e = err("? [a]\n: b\n");
        assert_eq!(
            (e.message.as_str(), e.pos),
            (
                "a mapping key must be a scalar, found a sequence",
                pos(1, 3, 2)
            )
        );
        assert_eq!(
            err("{a: 1}: x").message,
            "a mapping key must be a scalar, found a mapping"
        );
        assert_eq!(
            err("x: &m {a: 1}\n*m : y\n").message,
            "a mapping key must be a scalar, found an alias to a collection"
        );
        assert_eq!(
            shape(&root("a: &k key\n*k : v\n")),
            r#"{"a":"key","key":"v"}"#
        );
    }

    #[test]
    fn aliases_are_expanded() {
        let text = "base: &b\n  Type: Pass\n  End: true\nlist: [&n 1, *n]\nA: *b\n";
        let root = root(text);
        assert_eq!(
            shape(&root),
            r#"{"base":{"Type":"Pass","End":true},"list":[1,1],"A":{"Type":"Pass","End":true}}"#
        );
        let (a, key) = root.lookup("/A").unwrap();
        assert_eq!(key, Some(pos(5, 1, 51)));
        // The copy is where the alias is; its insides point at the anchored text.
        assert_eq!(a.pos, pos(5, 4, 54));
        assert_eq!(root.lookup("/A/Type").unwrap().1, Some(pos(2, 3, 11)));
        assert_eq!(
            err("a: *nope").message,
            "while parsing node, found unknown anchor"
        );
        let e = err("&a [1, *a]");
        assert_eq!(
            (e.message.as_str(), e.pos),
            ("the alias refers to a node that contains it", pos(1, 8, 7))
        );
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
            prev = name;
        }
        let e = err(&text);
        assert_eq!(e.message, "aliases expand to more than 100000 nodes");
        assert!(e.pos.line >= 5, "{e}");
    }

    #[test]
    fn cloudformation_short_forms() {
        let text = "\
a: !Ref Bucket
b: !GetAtt Role.Arn
c: !GetAtt [Role, Arn]
d: !Sub 'arn:${AWS::Region}'
e: !Sub
  - '${A}-x'
  - A: !Ref B
f: !Join [',', [a, b]]
g: !If [Cond, 1, !Ref AWS::NoValue]
h: !Condition IsProd
i: !GetAtt Plain
j: !ImportValue 12
k: !Equals [!Ref Env, prod]
";
        let root = root(text);
        let expect = [
            ("a", r#"{"Ref":"Bucket"}"#),
            ("b", r#"{"Fn::GetAtt":["Role","Arn"]}"#),
            ("c", r#"{"Fn::GetAtt":["Role","Arn"]}"#),
            ("d", r#"{"Fn::Sub":"arn:${AWS::Region}"}"#),
            ("e", r#"{"Fn::Sub":["${A}-x",{"A":{"Ref":"B"}}]}"#),
            ("f", r#"{"Fn::Join":[",",["a","b"]]}"#),
            ("g", r#"{"Fn::If":["Cond",1,{"Ref":"AWS::NoValue"}]}"#),
            ("h", r#"{"Condition":"IsProd"}"#),
            ("i", r#"{"Fn::GetAtt":"Plain"}"#),
            ("j", r#"{"Fn::ImportValue":"12"}"#),
            ("k", r#"{"Fn::Equals":[{"Ref":"Env"},"prod"]}"#),
        ];
        for (key, shape_text) in expect {
            assert_eq!(shape(root.get(key).unwrap()), shape_text, "{key}");
        }
        let (r, key) = root.lookup("/a/Ref").unwrap();
        assert_eq!((key, r.pos), (Some(pos(1, 9, 8)), pos(1, 9, 8)));
        let (arn, _) = root.lookup("/b/Fn::GetAtt/1").unwrap();
        assert_eq!(arn.pos.line, 2);
        let (seq, _) = root.lookup("/e/Fn::Sub").unwrap();
        assert_eq!(seq.pos, pos(6, 3, 97));
        // A duplicate key inside a wrapped collection has the wrapper in its pointer.
        let doc = parse_yaml("x: !If [c, {k: 1, k: 2}]").unwrap();
        assert_eq!(doc.duplicate_keys[0].pointer, "/x/Fn::If/1/k");
    }

    #[test]
    fn duplicate_keys_are_kept_and_reported() {
        let text = "States:\n  A:\n    Type: Pass\n    Type: Task\n  a/b~: 1\n  a/b~: 2\nlist:\n  - {k: 1, k: 2}\n";
        let doc = parse_yaml(text).unwrap();
        let d = &doc.duplicate_keys;
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].pointer, "/States/A/Type");
        assert_eq!(d[0].key, "Type");
        assert_eq!((d[0].first, d[0].second), (pos(3, 5, 17), pos(4, 5, 32)));
        assert_eq!(d[1].pointer, "/States/a~1b~0");
        assert_eq!(d[2].pointer, "/list/0/k");
        let a = doc.root.get("States").unwrap().get("A").unwrap();
        assert_eq!(shape(a), r#"{"Type":"Pass","Type":"Task"}"#);

        let mut big = String::new();
        for n in 0..40 {
            big.push_str(&format!("k{n}: {n}\n"));
        }
        big.push_str("k7: 0\nk39: 0\n");
        let doc = parse_yaml(&big).unwrap();
        let keys: Vec<_> = doc
            .duplicate_keys
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(keys, ["/k7", "/k39"]);
        assert_eq!(doc.duplicate_keys[0].first, pos(8, 1, 7 * 6));
    }

    #[test]
    fn syntax_errors() {
        let e = err("a: 1\n b: 2");
        assert_eq!(
            (e.message.as_str(), e.pos.line),
            ("mapping values are not allowed in this context", 2)
        );
        let e = err("a: b: c");
        assert_eq!(
            (e.message.as_str(), e.pos),
            (
                "mapping values are not allowed in this context",
                pos(1, 5, 4)
            )
        );
        let e = err("a:\n\tb: 1");
        assert_eq!(e.pos.line, 2);
        assert!(e.message.starts_with("tabs disallowed"), "{e}");
        assert!(parse_yaml("a: [1, 2").is_err());
        assert!(parse_yaml("a: \"x").is_err());
        assert!(parse_yaml("a: 'x").is_err());
        assert!(parse_yaml("[a, b]]").is_err());
        assert!(parse_yaml("a: !foo!bar x").is_err());
        assert_eq!(
            err("").message,
            "the text is empty, expected a YAML mapping"
        );
        assert_eq!(
            err("# only a comment\n").message,
            "the text is empty, expected a YAML mapping"
        );
        assert_eq!(err("\u{FEFF}").pos, pos(1, 1, 3));
        let e = err("a: 1\n---\nb: 2\n");
        assert_eq!(
            (e.message.as_str(), e.pos),
            (
                "the text holds more than one YAML document, expected exactly one",
                pos(2, 1, 5)
            )
        );
        let e = err("a: 1\nb: x\0y\n");
        assert_eq!(
            (e.message.as_str(), e.pos),
            ("the text contains a NUL character", pos(2, 5, 9))
        );
        assert_eq!(value("---\n"), Value::Null);
        assert_eq!(
            value("--- [1]\n..."),
            Value::Array(vec![Node {
                value: number("1"),
                pos: pos(1, 6, 5)
            }])
        );
        assert_eq!(
            e.to_string(),
            "the text contains a NUL character at line 2, column 5"
        );
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse_yaml(&ok).is_ok());
        let e = err(&"[".repeat(100_000));
        assert_eq!(
            (e.message.as_str(), e.pos.column),
            (
                "nesting too deep: more than 255 levels of flow sequences and mappings",
                256
            )
        );
        assert!(
            err(&"{a: ".repeat(100_000))
                .message
                .starts_with("nesting too deep")
        );
        let mut block = String::new();
        for n in 0..=MAX_DEPTH {
            block.push_str(&" ".repeat(n));
            block.push_str("k:\n");
        }
        let e = err(&block);
        assert!(e.message.starts_with("nesting too deep"), "{e}");
        let mut ok_block = String::new();
        for n in 0..MAX_DEPTH {
            ok_block.push_str(&" ".repeat(n));
            ok_block.push_str("k:\n");
        }
        assert!(parse_yaml(&ok_block).is_ok());
        let seq = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        assert!(err(&seq).message.starts_with("nesting too deep"));
        // Aliases and short-form tags count too.
        let inner = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let deep_alias = format!("a: &a {inner}\nb: {}*a{}", "[".repeat(60), "]".repeat(60));
        assert!(err(&deep_alias).message.starts_with("nesting too deep"));
        let deep_tags = format!("{}x{}", "!If [".repeat(130), "]".repeat(130));
        assert!(err(&deep_tags).message.starts_with("nesting too deep"));
    }

    #[test]
    fn truncations_and_deletions_never_panic() {
        let seeds = [
            "Comment: \"é😀\\u00e9\"\nStartAt: A\nStates:\n  A: &s\n    Type: Pass\n    Result: [1, -2.5e3, true, null, {}, [], 0x1F, .5]\n    End: true\n  B: *s\n  C: !GetAtt X.Y\n",
            "\u{FEFF}a: |\n  block ü\n  text\nb: >-\n  folded\nc: 'it''s'\nd: !Sub\n  - x\n  - {k: !Ref v}\n? complex\n: value\n",
            "- [a, {b: c}]\n- &x {y: z}\n- *x\n- !!str 12\n- \"\\t\\x41\"\n",
        ];
        for seed in seeds {
            for end in 0..=seed.len() {
                if let Some(prefix) = seed.get(..end) {
                    let _ = parse_yaml(prefix);
                }
            }
            let bytes = seed.as_bytes();
            for i in 0..bytes.len() {
                let mut v = bytes.to_vec();
                v.remove(i);
                let _ = parse_yaml(&String::from_utf8_lossy(&v));
                for b in [
                    b'"', b'\'', b'{', b'}', b'[', b']', b',', b':', b'-', b'&', b'*', b'!', b'?',
                    b'|', b'>', b' ', b'\n', b'\t', b'#', b'%',
                ] {
                    let mut v = bytes.to_vec();
                    v[i] = b;
                    let _ = parse_yaml(&String::from_utf8_lossy(&v));
                }
            }
        }
    }
}
