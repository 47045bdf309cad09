//! A strict RFC 8259 JSON reader that keeps the position of every value and key.
//!
//! One pass over the bytes with an explicit stack (no recursion), so any input, however deep or
//! broken, ends in a [`Document`] or a [`SyntaxError`], never a stack overflow or a panic.

use super::{Document, DuplicateKey, MAX_DEPTH, Member, Node, SyntaxError, Value};
use crate::diagnostic::{Pos, pointer_push};
use std::collections::HashMap;

/// Reads `text` as one JSON value (RFC 8259, no extensions).
///
/// A UTF-8 byte order mark at the start is skipped (it counts in byte offsets, not in columns).
/// Duplicate keys are kept in the tree and listed in [`Document::duplicate_keys`].
pub fn parse_json(text: &str) -> Result<Document, SyntaxError> {
    Reader::new(text).document()
}

/// Objects with at least this many members look up duplicate keys in a hash map instead of
/// scanning the members.
const INDEX_THRESHOLD: usize = 16;

/// An array or object whose closing bracket has not been read yet.
enum Frame {
    Array {
        pos: Pos,
        items: Vec<Node>,
    },
    Object {
        pos: Pos,
        members: Vec<Member>,
        /// The key (and its position) whose value is being read.
        key: String,
        key_pos: Pos,
        /// Key → index of its first member; built once the object gets large.
        index: Option<HashMap<String, usize>>,
    },
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    i: usize,
    /// The current line (1-based) and the byte offset where it starts.
    line: u32,
    line_start: usize,
    /// A known (offset, column) on the current line, so columns of a long line are counted once.
    col_off: usize,
    col: u32,
    duplicate_keys: Vec<DuplicateKey>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        Reader {
            text,
            bytes: text.as_bytes(),
            i: start,
            line: 1,
            line_start: start,
            col_off: start,
            col: 1,
            duplicate_keys: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    /// The position of the byte at `off`, which must be on the current line.
    fn pos_at(&mut self, off: usize) -> Pos {
        let off = off.min(self.bytes.len());
        let (from, col) = if off >= self.col_off {
            (self.col_off, self.col)
        } else {
            (self.line_start.min(off), 1)
        };
        let chars = self.bytes[from..off]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        let column = col.saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
        if off >= self.col_off {
            self.col_off = off;
            self.col = column;
        }
        Pos {
            line: self.line,
            column,
            offset: off,
        }
    }

    fn pos(&mut self) -> Pos {
        self.pos_at(self.i)
    }

    fn error_at(&mut self, off: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            pos: self.pos_at(off),
        }
    }

    /// What is at `off`, for messages: `` `x` ``, a control character, or the end of the text.
    fn found_at(&self, off: usize) -> String {
        match self.text.get(off..).and_then(|s| s.chars().next()) {
            None if off >= self.bytes.len() => "end of text".to_string(),
            None => "an invalid character boundary".to_string(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn found(&self) -> String {
        self.found_at(self.i)
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' => self.i += 1,
                b'\n' => {
                    self.i += 1;
                    self.newline();
                }
                b'\r' => {
                    self.i += 1;
                    if self.peek() == Some(b'\n') {
                        self.i += 1;
                    }
                    self.newline();
                }
                _ => break,
            }
        }
    }

    fn newline(&mut self) {
        self.line = self.line.saturating_add(1);
        self.line_start = self.i;
        self.col_off = self.i;
        self.col = 1;
    }

    fn document(mut self) -> Result<Document, SyntaxError> {
        self.skip_ws();
        if self.peek().is_none() {
            return Err(self.error_at(self.i, "the text is empty, expected a JSON object"));
        }
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Read one value; containers push a frame and go on with their first element.
            let pos = self.pos();
            let mut node = match self.peek() {
                Some(b'{') => {
                    self.check_depth(&stack)?;
                    self.i += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        Node {
                            value: Value::Object(Vec::new()),
                            pos,
                        }
                    } else {
                        let (key, key_pos) = self.key("expected a string key or `}`")?;
                        stack.push(Frame::Object {
                            pos,
                            members: Vec::new(),
                            key,
                            key_pos,
                            index: None,
                        });
                        continue;
                    }
                }
                Some(b'[') => {
                    self.check_depth(&stack)?;
                    self.i += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        Node {
                            value: Value::Array(Vec::new()),
                            pos,
                        }
                    } else {
                        stack.push(Frame::Array {
                            pos,
                            items: Vec::new(),
                        });
                        continue;
                    }
                }
                Some(b'"') => Node {
                    value: Value::String(self.string()?),
                    pos,
                },
                Some(b'-' | b'0'..=b'9') => Node {
                    value: Value::Number(self.number()?),
                    pos,
                },
                Some(b) if b.is_ascii_alphabetic() => self.literal(pos)?,
                Some(b'$') => match self.unquoted_placeholder() {
                    Some(text) => Node {
                        value: Value::Number(text),
                        pos,
                    },
                    None => return Err(self.unexpected_value()),
                },
                _ => return Err(self.unexpected_value()),
            };
            // Attach the value to its container; close every container that ends here.
            loop {
                let Some(frame) = stack.last_mut() else {
                    self.skip_ws();
                    if self.peek().is_some() {
                        let found = self.found();
                        return Err(self.error_at(
                            self.i,
                            format!("trailing characters after the JSON value, found {found}"),
                        ));
                    }
                    return Ok(Document {
                        root: node,
                        duplicate_keys: self.duplicate_keys,
                    });
                };
                match frame {
                    Frame::Array { items, .. } => {
                        items.push(node);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.i += 1;
                                self.skip_ws();
                                if self.peek() == Some(b']') {
                                    return Err(self.error_at(self.i, "trailing comma before `]`"));
                                }
                                break;
                            }
                            Some(b']') => {
                                self.i += 1;
                                let Some(Frame::Array { pos, items }) = stack.pop() else {
                                    unreachable!("the top frame is an array")
                                };
                                node = Node {
                                    value: Value::Array(items),
                                    pos,
                                };
                            }
                            _ => {
                                let found = self.found();
                                return Err(self.error_at(
                                    self.i,
                                    format!(
                                        "expected `,` or `]` after an array element, found {found}"
                                    ),
                                ));
                            }
                        }
                    }
                    Frame::Object {
                        members,
                        key,
                        key_pos,
                        index,
                        ..
                    } => {
                        let key = std::mem::take(key);
                        let key_pos = *key_pos;
                        let first = find_key(members, index, &key);
                        if let Some(first) = first {
                            let first = members[first].key_pos;
                            let pointer = pointer_push(&path_of(&stack), &key);
                            self.duplicate_keys.push(DuplicateKey {
                                pointer,
                                key: key.clone(),
                                first,
                                second: key_pos,
                            });
                        }
                        let Some(Frame::Object { members, index, .. }) = stack.last_mut() else {
                            unreachable!("the top frame is an object")
                        };
                        if first.is_none() {
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
                        members.push(Member {
                            key,
                            key_pos,
                            value: node,
                        });
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.i += 1;
                                self.skip_ws();
                                if self.peek() == Some(b'}') {
                                    return Err(self.error_at(self.i, "trailing comma before `}`"));
                                }
                                let (next_key, next_pos) = self.key("expected a string key")?;
                                if let Some(Frame::Object { key, key_pos, .. }) = stack.last_mut() {
                                    *key = next_key;
                                    *key_pos = next_pos;
                                }
                                break;
                            }
                            Some(b'}') => {
                                self.i += 1;
                                let Some(Frame::Object { pos, members, .. }) = stack.pop() else {
                                    unreachable!("the top frame is an object")
                                };
                                node = Node {
                                    value: Value::Object(members),
                                    pos,
                                };
                            }
                            _ => {
                                let found = self.found();
                                return Err(self.error_at(
                                    self.i,
                                    format!(
                                        "expected `,` or `}}` after an object member, found {found}"
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    fn check_depth(&mut self, stack: &[Frame]) -> Result<(), SyntaxError> {
        if stack.len() >= MAX_DEPTH {
            return Err(self.error_at(
                self.i,
                format!("nesting too deep: more than {MAX_DEPTH} levels of arrays and objects"),
            ));
        }
        Ok(())
    }

    /// Reads `"key"` and the `:` after it, and skips the whitespace before the value.
    fn key(&mut self, expected: &str) -> Result<(String, Pos), SyntaxError> {
        let key_pos = self.pos();
        if self.peek() != Some(b'"') {
            let found = self.found();
            let hint = match self.peek() {
                Some(b'\'') => " (JSON strings use double quotes)",
                Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                    " (keys must be in double quotes)"
                }
                _ => "",
            };
            return Err(self.error_at(self.i, format!("{expected}, found {found}{hint}")));
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            let found = self.found();
            return Err(self.error_at(
                self.i,
                format!("expected `:` after an object key, found {found}"),
            ));
        }
        self.i += 1;
        self.skip_ws();
        Ok((key, key_pos))
    }

    /// The error for a byte that cannot start a value.
    fn unexpected_value(&mut self) -> SyntaxError {
        let found = self.found();
        let hint = match self.peek() {
            Some(b'\'') => " (JSON strings use double quotes)",
            Some(b'+') => " (JSON numbers cannot start with `+`)",
            Some(b'.') => " (JSON numbers need a digit before the decimal point)",
            Some(b'$') => " (a `${Name}` placeholder may stand unquoted where a number goes)",
            Some(b']' | b'}') => " (is there a trailing comma or a missing value?)",
            _ => "",
        };
        self.error_at(
            self.i,
            format!("expected a JSON value, found {found}{hint}"),
        )
    }

    /// Reads `true`, `false` or `null`; anything else made of letters is an error naming the word.
    fn literal(&mut self, pos: Pos) -> Result<Node, SyntaxError> {
        let start = self.i;
        let mut end = start;
        while self
            .bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            end += 1;
        }
        let value = match &self.text[start..end] {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            word => {
                let shown: String = word.chars().take(24).collect();
                let ellipsis = if word.len() > 24 { "…" } else { "" };
                let hint = match word {
                    "True" | "TRUE" | "False" | "FALSE" => " (JSON literals are lowercase)",
                    "Null" | "NULL" | "None" | "nil" | "undefined" => " (JSON writes `null`)",
                    "NaN" | "Infinity" => " (JSON has no NaN or infinity)",
                    _ => "",
                };
                return Err(self.error_at(
                    start,
                    format!("expected a JSON value, found `{shown}{ellipsis}`{hint}"),
                ));
            }
        };
        self.i = end;
        Ok(Node { value, pos })
    }

    /// Reads an unquoted `${Name}` where a value stands, as definition files that a deploy
    /// substitutes before parsing write a number (`"Seconds": ${Timeout}`). It reads as a
    /// number whose text is the placeholder; see [`crate::model::Number::placeholder`].
    fn unquoted_placeholder(&mut self) -> Option<String> {
        let rest = &self.text[self.i..];
        let end = rest.find('}')? + 1;
        let text = &rest[..end];
        crate::placeholder::whole(text)?;
        self.i += end;
        Some(text.to_string())
    }

    /// Reads a number and returns its text, checked against the JSON grammar.
    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.i;
        let mut j = start;
        let bytes = self.bytes;
        let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
        if self.bytes.get(j) == Some(&b'-') {
            j += 1;
        }
        match self.bytes.get(j) {
            Some(b'0') => {
                j += 1;
                if digit(j) {
                    return Err(self.error_at(start, "leading zeros are not allowed in numbers"));
                }
            }
            Some(b'1'..=b'9') => {
                while digit(j) {
                    j += 1;
                }
            }
            _ => {
                let found = self.found_at(j);
                return Err(self.error_at(j, format!("expected a digit after `-`, found {found}")));
            }
        }
        if self.bytes.get(j) == Some(&b'.') {
            j += 1;
            if !digit(j) {
                let found = self.found_at(j);
                return Err(self.error_at(
                    j,
                    format!("expected a digit after the decimal point, found {found}"),
                ));
            }
            while digit(j) {
                j += 1;
            }
        }
        if matches!(self.bytes.get(j), Some(b'e' | b'E')) {
            j += 1;
            if matches!(self.bytes.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if !digit(j) {
                let found = self.found_at(j);
                return Err(self.error_at(
                    j,
                    format!("expected a digit in the exponent, found {found}"),
                ));
            }
            while digit(j) {
                j += 1;
            }
        }
        self.i = j;
        Ok(self.text[start..j].to_string())
    }

    /// Reads a string starting at the opening quote under `self.i`.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let quote = self.i;
        let mut j = quote + 1;
        let mut segment = j;
        let mut out: Option<String> = None;
        loop {
            let Some(&b) = self.bytes.get(j) else {
                return Err(self.error_at(quote, "unterminated string"));
            };
            match b {
                b'"' => {
                    self.i = j + 1;
                    let tail = &self.text[segment..j];
                    return Ok(match out {
                        Some(mut s) => {
                            s.push_str(tail);
                            s
                        }
                        None => tail.to_string(),
                    });
                }
                b'\\' => {
                    let s = out.get_or_insert_with(String::new);
                    s.push_str(&self.text[segment..j]);
                    j = self.escape(j, quote, s)?;
                    segment = j;
                }
                0..=0x1F => {
                    let what = if b == b'\n' || b == b'\r' {
                        "unescaped line break in a string (write `\\n`)".to_string()
                    } else {
                        format!("unescaped control character U+{b:04X} in a string")
                    };
                    return Err(self.error_at(j, what));
                }
                _ => j += 1,
            }
        }
    }

    /// Decodes the escape sequence whose backslash is at `j` into `out`; returns the offset after
    /// it.
    fn escape(&mut self, j: usize, quote: usize, out: &mut String) -> Result<usize, SyntaxError> {
        let Some(&e) = self.bytes.get(j + 1) else {
            return Err(self.error_at(quote, "unterminated string"));
        };
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let Some(hi) = self.hex4(j + 2) else {
                    return Err(self.error_at(
                        j,
                        "invalid unicode escape, expected four hex digits after `\\u`",
                    ));
                };
                let (c, len) = match hi {
                    0xD800..=0xDBFF => {
                        let lo = if self.bytes.get(j + 6..j + 8) == Some(b"\\u") {
                            self.hex4(j + 8)
                        } else {
                            None
                        };
                        match lo {
                            Some(lo @ 0xDC00..=0xDFFF) => {
                                let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                (char::from_u32(code), 12)
                            }
                            _ => (None, 6),
                        }
                    }
                    0xDC00..=0xDFFF => (None, 6),
                    _ => (char::from_u32(hi), 6),
                };
                let Some(c) = c else {
                    return Err(
                        self.error_at(j, format!("unpaired surrogate `\\u{hi:04X}` in a string"))
                    );
                };
                out.push(c);
                return Ok(j + len);
            }
            _ => {
                let found = match self.text.get(j + 1..).and_then(|s| s.chars().next()) {
                    Some(c) if !c.is_control() => format!("`\\{c}`"),
                    Some(c) => format!("`\\` followed by U+{:04X}", c as u32),
                    None => "`\\`".to_string(),
                };
                return Err(self.error_at(j, format!("invalid escape {found} in a string")));
            }
        };
        out.push(c);
        Ok(j + 2)
    }

    /// Four hex digits at `at`, if there are.
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0u32, |acc, &b| {
            let d = (b as char).to_digit(16)?;
            Some(acc * 16 + d)
        })
    }
}

/// The member of `members` named `key`, if any.
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

/// The JSON Pointer of the container on top of `stack`.
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    if let Some((_, parents)) = stack.split_last() {
        for frame in parents {
            match frame {
                Frame::Array { items, .. } => path = pointer_push(&path, &items.len().to_string()),
                Frame::Object { key, .. } => path = pointer_push(&path, key),
            }
        }
    }
    path
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
        match parse_json(text) {
            Ok(doc) => panic!("{text:?} was read as {:?}", doc.root),
            Err(e) => e,
        }
    }

    /// The message and `line:column` of the error for `text`.
    fn err_at(text: &str) -> (String, u32, u32) {
        let e = err(text);
        (e.message, e.pos.line, e.pos.column)
    }

    fn value(text: &str) -> Value {
        parse_json(text).unwrap().root.value
    }

    #[test]
    fn positions_of_nested_values_and_keys() {
        let text = "{\n  \"a\": [1, {\"é\": true}],\r\n  \"b\":\t\"x\"\n}";
        let doc = parse_json(text).unwrap();
        let root = &doc.root;
        assert_eq!(root.pos, pos(1, 1, 0));
        let Value::Object(members) = &root.value else {
            panic!()
        };
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_pos, pos(2, 3, 4));
        assert_eq!(members[0].value.pos, pos(2, 8, 9));
        let (one, _) = root.lookup("/a/0").unwrap();
        assert_eq!(
            (one.value.clone(), one.pos),
            (Value::Number("1".into()), pos(2, 9, 10))
        );
        let (inner, key) = root.lookup("/a/1/é").unwrap();
        assert_eq!(inner.value, Value::Bool(true));
        // `é` is two bytes but one column.
        assert_eq!(key, Some(pos(2, 13, 14)));
        assert_eq!(inner.pos, pos(2, 18, 20));
        // CRLF is one line break.
        let (b, key) = root.lookup("/b").unwrap();
        assert_eq!(key, Some(pos(3, 3, 31)));
        assert_eq!(b.pos, pos(3, 8, 36));
        assert_eq!(&text[b.pos.offset..b.pos.offset + 3], "\"x\"");
        assert!(doc.duplicate_keys.is_empty());
    }

    #[test]
    fn columns_on_a_long_line_with_multibyte_characters() {
        let text = format!("[{}\"end\"]", "\"ü€😀\", ".repeat(1000));
        let doc = parse_json(&text).unwrap();
        let Value::Array(items) = &doc.root.value else {
            panic!()
        };
        assert_eq!(items.len(), 1001);
        assert_eq!(items[1].pos.column, 2 + 7);
        assert_eq!(items[1000].pos, pos(1, 2 + 7 * 1000, 1 + 13 * 1000));
        assert_eq!(items[1000].value, Value::String("end".into()));
    }

    #[test]
    fn scalars() {
        assert_eq!(value("true"), Value::Bool(true));
        assert_eq!(value(" false "), Value::Bool(false));
        assert_eq!(value("null"), Value::Null);
        assert_eq!(value("\"\""), Value::String(String::new()));
        assert_eq!(value("[]"), Value::Array(vec![]));
        assert_eq!(value("{}"), Value::Object(vec![]));
        assert_eq!(value("[ ]"), Value::Array(vec![]));
        assert_eq!(value("{ \n }"), Value::Object(vec![]));
    }

    #[test]
    fn numbers_keep_their_text() {
        for n in [
            "0",
            "-0",
            "1",
            "-12",
            "1.0",
            "0.5",
            "-2.5e3",
            "1E+2",
            "1e-07",
            "123456789012345678901234567890",
        ] {
            assert_eq!(value(n), Value::Number(n.into()), "{n}");
            assert_eq!(
                value(&format!("[{n}]")),
                Value::Array(vec![Node {
                    value: Value::Number(n.into()),
                    pos: pos(1, 2, 1)
                }])
            );
        }
    }

    #[test]
    fn unquoted_placeholders_read_as_numbers() {
        assert_eq!(
            value(r#"{"Seconds": ${Timeout}}"#),
            Value::Object(vec![Member {
                key: "Seconds".into(),
                key_pos: pos(1, 2, 1),
                value: Node {
                    value: Value::Number("${Timeout}".into()),
                    pos: pos(1, 13, 12)
                }
            }])
        );
        assert_eq!(
            err_at("[${Time out}]"),
            (
                "expected a JSON value, found `$` (a `${Name}` placeholder may stand unquoted \
                 where a number goes)"
                    .into(),
                1,
                2
            )
        );
    }

    #[test]
    fn invalid_numbers() {
        assert_eq!(
            err_at("01"),
            ("leading zeros are not allowed in numbers".into(), 1, 1)
        );
        assert_eq!(
            err_at("[-01]"),
            ("leading zeros are not allowed in numbers".into(), 1, 2)
        );
        assert_eq!(
            err_at("+1").0,
            "expected a JSON value, found `+` (JSON numbers cannot start with `+`)"
        );
        assert_eq!(
            err_at(".5").0,
            "expected a JSON value, found `.` (JSON numbers need a digit before the decimal point)"
        );
        assert_eq!(
            err_at("1."),
            (
                "expected a digit after the decimal point, found end of text".into(),
                1,
                3
            )
        );
        assert_eq!(
            err_at("1.e3").0,
            "expected a digit after the decimal point, found `e`"
        );
        assert_eq!(
            err_at("1e").0,
            "expected a digit in the exponent, found end of text"
        );
        assert_eq!(
            err_at("1e+").0,
            "expected a digit in the exponent, found end of text"
        );
        assert_eq!(
            err_at("-").0,
            "expected a digit after `-`, found end of text"
        );
        assert_eq!(
            err_at("-Infinity").0,
            "expected a digit after `-`, found `I`"
        );
        assert_eq!(
            err_at("NaN").0,
            "expected a JSON value, found `NaN` (JSON has no NaN or infinity)"
        );
        assert_eq!(
            err_at("Infinity").0,
            "expected a JSON value, found `Infinity` (JSON has no NaN or infinity)"
        );
        assert_eq!(
            err_at("0x10").0,
            "trailing characters after the JSON value, found `x`"
        );
        assert_eq!(
            err_at("[1 2]"),
            (
                "expected `,` or `]` after an array element, found `2`".into(),
                1,
                4
            )
        );
    }

    #[test]
    fn literals() {
        assert_eq!(err_at("tru").0, "expected a JSON value, found `tru`");
        assert_eq!(err_at("truex").0, "expected a JSON value, found `truex`");
        assert_eq!(
            err_at("True").0,
            "expected a JSON value, found `True` (JSON literals are lowercase)"
        );
        assert_eq!(
            err_at("[None]"),
            (
                "expected a JSON value, found `None` (JSON writes `null`)".into(),
                1,
                2
            )
        );
        let long = "a".repeat(100);
        assert_eq!(
            err_at(&long).0,
            format!("expected a JSON value, found `{}…`", "a".repeat(24))
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            value(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#),
            Value::String("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti".into())
        );
        assert_eq!(value(r#""\u00e9\u20AC""#), Value::String("é€".into()));
        assert_eq!(value(r#""\ud83d\ude00!""#), Value::String("😀!".into()));
        assert_eq!(value(r#""\u0000""#), Value::String("\0".into()));
        assert_eq!(value("\"ü€😀\u{7f}\""), Value::String("ü€😀\u{7f}".into()));
    }

    #[test]
    fn invalid_strings() {
        assert_eq!(err_at("[\"abc"), ("unterminated string".into(), 1, 2));
        assert_eq!(err_at("\"abc\\"), ("unterminated string".into(), 1, 1));
        assert_eq!(
            err_at("\"a\nb\""),
            (
                "unescaped line break in a string (write `\\n`)".into(),
                1,
                3
            )
        );
        assert_eq!(
            err_at("\"a\tb\""),
            (
                "unescaped control character U+0009 in a string".into(),
                1,
                3
            )
        );
        assert_eq!(
            err_at(r#""a\x""#),
            ("invalid escape `\\x` in a string".into(), 1, 3)
        );
        assert_eq!(err_at("\"a\\é\"").0, "invalid escape `\\é` in a string");
        assert_eq!(
            err_at(r#""\u12G4""#).0,
            "invalid unicode escape, expected four hex digits after `\\u`"
        );
        assert_eq!(
            err_at(r#""\u12""#).0,
            "invalid unicode escape, expected four hex digits after `\\u`"
        );
        assert_eq!(
            err_at(r#""\u00é9""#).0,
            "invalid unicode escape, expected four hex digits after `\\u`"
        );
        assert_eq!(
            err_at(r#""x\ud800""#),
            ("unpaired surrogate `\\uD800` in a string".into(), 1, 3)
        );
        assert_eq!(
            err_at(r#""\ud800\u0041""#).0,
            "unpaired surrogate `\\uD800` in a string"
        );
        assert_eq!(
            err_at(r#""\ud800\ud800""#).0,
            "unpaired surrogate `\\uD800` in a string"
        );
        assert_eq!(
            err_at(r#""\udc00""#).0,
            "unpaired surrogate `\\uDC00` in a string"
        );
        assert_eq!(
            err_at(r#""\ud800\""#).0,
            "unpaired surrogate `\\uD800` in a string"
        );
    }

    #[test]
    fn structural_errors() {
        assert_eq!(
            err_at(""),
            ("the text is empty, expected a JSON object".into(), 1, 1)
        );
        assert_eq!(
            err_at(" \n\t\r\n "),
            ("the text is empty, expected a JSON object".into(), 3, 2)
        );
        assert_eq!(
            err_at("\u{FEFF}").0,
            "the text is empty, expected a JSON object"
        );
        assert_eq!(
            err_at("{\"a\": 1]"),
            (
                "expected `,` or `}` after an object member, found `]`".into(),
                1,
                8
            )
        );
        assert_eq!(
            err_at("{\"a\": 1,}"),
            ("trailing comma before `}`".into(), 1, 9)
        );
        assert_eq!(
            err_at("[1,\n ]"),
            ("trailing comma before `]`".into(), 2, 2)
        );
        assert_eq!(err_at("[,1]").0, "expected a JSON value, found `,`");
        assert_eq!(err_at("[1,,2]").0, "expected a JSON value, found `,`");
        assert_eq!(
            err_at("{\"a\" 1}"),
            ("expected `:` after an object key, found `1`".into(), 1, 6)
        );
        assert_eq!(
            err_at("{\"a\":}").0,
            "expected a JSON value, found `}` (is there a trailing comma or a missing value?)"
        );
        assert_eq!(
            err_at("{a: 1}"),
            (
                "expected a string key or `}`, found `a` (keys must be in double quotes)".into(),
                1,
                2
            )
        );
        assert_eq!(
            err_at("{\"a\": 1, 'b': 2}").0,
            "expected a string key, found `'` (JSON strings use double quotes)"
        );
        assert_eq!(
            err_at("['a']").0,
            "expected a JSON value, found `'` (JSON strings use double quotes)"
        );
        assert_eq!(
            err_at("{\"a\": 1"),
            (
                "expected `,` or `}` after an object member, found end of text".into(),
                1,
                8
            )
        );
        assert_eq!(
            err_at("[1"),
            (
                "expected `,` or `]` after an array element, found end of text".into(),
                1,
                3
            )
        );
        assert_eq!(
            err_at("{"),
            (
                "expected a string key or `}`, found end of text".into(),
                1,
                2
            )
        );
        assert_eq!(
            err_at("["),
            ("expected a JSON value, found end of text".into(), 1, 2)
        );
        assert_eq!(
            err_at("{\"a\":"),
            ("expected a JSON value, found end of text".into(), 1, 6)
        );
        assert_eq!(
            err_at("{} {}"),
            (
                "trailing characters after the JSON value, found `{`".into(),
                1,
                4
            )
        );
        assert_eq!(
            err_at("{}\n]"),
            (
                "trailing characters after the JSON value, found `]`".into(),
                2,
                1
            )
        );
        assert_eq!(
            err_at("[\u{0}]").0,
            "expected a JSON value, found control character U+0000"
        );
        assert_eq!(
            err_at("[1]\u{a0}").0,
            "trailing characters after the JSON value, found `\u{a0}`"
        );
        assert_eq!(err_at("é").0, "expected a JSON value, found `é`");
        assert_eq!(err_at("/* c */ {}").0, "expected a JSON value, found `/`");
        let e = err("{\n  \"a\": tru\n}");
        assert_eq!(
            e.to_string(),
            "expected a JSON value, found `tru` at line 2, column 8"
        );
        assert_eq!(e.pos.offset, 9);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let doc = parse_json("\u{FEFF}{\"a\": 1}").unwrap();
        assert_eq!(doc.root.pos, pos(1, 1, 3));
        let (a, key) = doc.root.lookup("/a").unwrap();
        assert_eq!(key, Some(pos(1, 2, 4)));
        assert_eq!(a.pos, pos(1, 7, 9));
        // Only at the start.
        assert!(parse_json("{}\u{FEFF}").is_err());
        assert!(parse_json(" \u{FEFF}{}").is_err());
    }

    #[test]
    fn duplicate_keys_are_kept_and_reported() {
        let text = r#"{"States": {"A": {"Type": "Pass", "Type": "Task", "a/b~": 1, "a/b~": 2}}, "x": [{"k": 1, "k": 2, "k": 3}]}"#;
        let doc = parse_json(text).unwrap();
        let d = &doc.duplicate_keys;
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].pointer, "/States/A/Type");
        assert_eq!(d[0].key, "Type");
        assert_eq!(d[0].first, pos(1, 19, 18));
        assert_eq!(d[0].second, pos(1, 35, 34));
        assert_eq!(d[1].pointer, "/States/A/a~1b~0");
        assert_eq!(d[1].key, "a/b~");
        assert_eq!(
            (d[2].pointer.as_str(), d[3].pointer.as_str()),
            ("/x/0/k", "/x/0/k")
        );
        assert_eq!(d[2].first, d[3].first);
        assert!(d[2].second < d[3].second);
        // Both members stay, in order; `get` finds the first.
        let a = doc.root.get("States").unwrap().get("A").unwrap();
        let Value::Object(members) = &a.value else {
            panic!()
        };
        assert_eq!(members.len(), 4);
        assert_eq!(a.get("Type").unwrap().value, Value::String("Pass".into()));
        assert_eq!(members[1].value.value, Value::String("Task".into()));
    }

    #[test]
    fn duplicate_keys_in_large_objects() {
        let mut text = String::from("{");
        for n in 0..40 {
            text.push_str(&format!("\"k{n}\": {n}, "));
        }
        text.push_str("\"k3\": 0, \"k39\": 0, \"new\": 1, \"new\": 2}");
        let doc = parse_json(&text).unwrap();
        let keys: Vec<_> = doc
            .duplicate_keys
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(keys, ["/k3", "/k39", "/new"]);
        let Value::Object(members) = &doc.root.value else {
            panic!()
        };
        assert_eq!(members.len(), 44);
        let k3 = &doc.duplicate_keys[0];
        assert_eq!(k3.first, members[3].key_pos);
        assert_eq!(k3.second, members[40].key_pos);
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_json(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = err(&deep);
        assert_eq!(
            e.message,
            "nesting too deep: more than 256 levels of arrays and objects"
        );
        assert_eq!(e.pos.column as usize, MAX_DEPTH + 1);
        let objects = format!(
            "{}1{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert!(err(&objects).message.starts_with("nesting too deep"));
        assert!(
            err(&"[".repeat(100_000))
                .message
                .starts_with("nesting too deep")
        );
        assert!(
            err(&"{\"a\":".repeat(100_000))
                .message
                .starts_with("nesting too deep")
        );
        assert!(
            err(&"[{\"a\":".repeat(100_000))
                .message
                .starts_with("nesting too deep")
        );
    }

    #[test]
    fn truncations_and_deletions_never_panic() {
        let seeds = [
            r#"{"Comment": "é😀\u00e9\ud83d\ude00", "StartAt": "A", "States": {"A": {"Type": "Pass", "Result": [1, -2.5e3, true, false, null, {}, []], "End": true}}}"#,
            "\u{FEFF}{\r\n  \"a\" : [ 0 , 1.5E-3 , \"x\\\"y\" ],\n  \"a\": {\"b/c\": null}\n}",
            r#"[[[[{"k": [{"k": "\\\/\b\f\n\r\t"}]}]]], "tail"]"#,
        ];
        for seed in seeds {
            for end in 0..=seed.len() {
                if let Some(prefix) = seed.get(..end) {
                    let _ = parse_json(prefix);
                }
            }
            let bytes = seed.as_bytes();
            for i in 0..bytes.len() {
                let mut v = bytes.to_vec();
                v.remove(i);
                let text = String::from_utf8_lossy(&v);
                let _ = parse_json(&text);
                for b in [
                    b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'0', b'-', b'e', b'.', b' ',
                    b'\n',
                ] {
                    let mut v = bytes.to_vec();
                    v[i] = b;
                    let _ = parse_json(&String::from_utf8_lossy(&v));
                }
            }
        }
    }
}
