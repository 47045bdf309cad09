//! The JSON shape of the data flowing through a workflow, and the checks `workflow!` runs on it
//! while the crate compiles.
//!
//! A type's [`Shape`] is what serde reads and writes, not its Rust fields: `#[derive(JsonShape)]`
//! reads the same `#[serde(…)]` attributes serde does (`rename`, `rename_all`, `flatten`,
//! `default`, `skip`, the enum tagging forms), so `$.detail.orderId` is the path of a field
//! `order_id` under `rename_all = "camelCase"`. `workflow!` builds, for every state, the shape of
//! its input out of the machine's input type and the states before it (InputPath, Parameters,
//! the task's result, ResultSelector, ResultPath, OutputPath, Parallel and Map outputs, a
//! Catch's error object), and checks each path a state reads against it in a constant: a wrong
//! path is a compile error at the path, naming the state, the type there and its JSON keys.
//!
//! ```compile_fail
//! #[derive(serde::Serialize, serde::Deserialize, workflow::JsonShape)]
//! #[serde(rename_all = "camelCase")]
//! pub struct Order { pub order_id: String }
//!
//! workflow::workflow! {
//!     pub M(input = Order) {
//!         // error: `Order` has no key `order_id`; its keys: `orderId`
//!         Save: pass { parameters: { "id": $.order_id }, end },
//!     }
//! }
//! ```
//!
//! Everything here is `const`: the checks cost nothing at run time and need no test run.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

pub use workflow_macros::JsonShape;

/// The JSON shape of a value.
#[derive(Debug)]
pub enum Shape {
    /// Anything (`serde_json::Value`, a result nobody declared): paths into it are not checked.
    Any,
    Null,
    Bool,
    Number,
    String,
    /// `Option<T>`: the value may be `null` or missing.
    Optional(&'static Shape),
    /// `Vec<T>`, slices, sets.
    Array(&'static Shape),
    /// Tuples and tuple structs: an array whose items have their own shapes.
    Tuple(&'static [&'static Shape]),
    /// A map with string keys: any key is valid.
    Map(&'static Shape),
    /// A struct, or an enum variant written as an object.
    Object(&'static Object),
    /// An enum: one of its variants' shapes, named after the enum.
    OneOf(&'static str, &'static [&'static Shape]),
    /// The value at a path of another shape (InputPath, a `.$` field of Parameters, ItemsPath).
    At(&'static Shape, &'static [Step]),
    /// A shape with a value put at a path (ResultPath): the first shape, with the path's keys
    /// created or replaced.
    Merge(&'static Shape, &'static [Step], &'static Shape),
    /// One of several shapes, where a state is reached from several others: a path is accepted
    /// when it exists in one of them.
    Either(&'static [&'static Shape]),
}

/// The members of an object shape.
#[derive(Debug)]
pub struct Object {
    /// The Rust type, for messages.
    pub name: &'static str,
    pub fields: &'static [Field],
    /// `#[serde(flatten)]` members: their keys are this object's keys.
    pub flatten: &'static [&'static Shape],
}

/// One key of an object.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub shape: &'static Shape,
    /// serde reads the value only when the key is there (no `Option`, no `#[serde(default)]`).
    pub required: bool,
}

/// One step of a JSONPath.
#[derive(Debug)]
pub enum Step {
    /// `.key` or `['key']`.
    Key(&'static str),
    /// `[3]`.
    Index(u64),
    /// `[*]`, a slice: every item.
    Each,
    /// A step that is not checked (a filter, `..`): anything may follow.
    Unchecked,
    /// `.key` in JSONata, which maps over an array: into each item, then the key.
    Member(&'static str),
}

/// What a Choice comparison needs at its path.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    Number,
    String,
    Bool,
    Timestamp,
}

/// The JSON shape of a Rust type, as serde writes it. Derive it with `#[derive(JsonShape)]`; the
/// standard types have theirs.
pub trait JsonShape {
    const SHAPE: &'static Shape;
}

macro_rules! leaf {
    ($shape:ident: $($ty:ty),* $(,)?) => {
        $(impl JsonShape for $ty { const SHAPE: &'static Shape = &Shape::$shape; })*
    };
}

leaf!(Number: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);
leaf!(Number:
    std::num::NonZeroI8, std::num::NonZeroI16, std::num::NonZeroI32, std::num::NonZeroI64,
    std::num::NonZeroI128, std::num::NonZeroIsize, std::num::NonZeroU8, std::num::NonZeroU16,
    std::num::NonZeroU32, std::num::NonZeroU64, std::num::NonZeroU128, std::num::NonZeroUsize,
    serde_json::Number,
);
leaf!(String: String, str, char, Cow<'_, str>);
leaf!(Bool: bool);
leaf!(Null: ());
leaf!(Any: serde_json::Value, serde_json::Map<String, serde_json::Value>);
#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> JsonShape for chrono::DateTime<Tz> {
    const SHAPE: &'static Shape = &Shape::String;
}

macro_rules! wrapper {
    ($($ty:ty),*) => {$(
        impl<T: JsonShape + ?Sized> JsonShape for $ty { const SHAPE: &'static Shape = T::SHAPE; }
    )*};
}
wrapper!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

impl<T: JsonShape> JsonShape for Option<T> {
    const SHAPE: &'static Shape = &Shape::Optional(T::SHAPE);
}
impl<T: JsonShape> JsonShape for Vec<T> {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}
impl<T: JsonShape> JsonShape for [T] {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}
impl<T: JsonShape, const N: usize> JsonShape for [T; N] {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}
impl<T: JsonShape> JsonShape for std::collections::BTreeSet<T> {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}
impl<T: JsonShape, S> JsonShape for std::collections::HashSet<T, S> {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}
impl<K, V: JsonShape> JsonShape for BTreeMap<K, V> {
    const SHAPE: &'static Shape = &Shape::Map(V::SHAPE);
}
impl<K, V: JsonShape, S> JsonShape for HashMap<K, V, S> {
    const SHAPE: &'static Shape = &Shape::Map(V::SHAPE);
}

macro_rules! tuple {
    ($($t:ident),+) => {
        impl<$($t: JsonShape),+> JsonShape for ($($t,)+) {
            const SHAPE: &'static Shape = &Shape::Tuple(&[$($t::SHAPE),+]);
        }
    };
}
tuple!(A);
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);
tuple!(A, B, C, D, E);
tuple!(A, B, C, D, E, F);

/// The error object a Catch puts at its ResultPath.
pub const ERROR_OUTPUT: &Shape = &Shape::Object(&Object {
    name: "the error output",
    fields: &[
        Field {
            key: "Error",
            shape: &Shape::String,
            required: true,
        },
        Field {
            key: "Cause",
            shape: &Shape::String,
            required: true,
        },
    ],
    flatten: &[],
});

// ---- the checks ----------------------------------------------------------------------------

/// A place in a shape: `shape` itself, or, for a [`Shape::Merge`], the object at `prefix` of
/// its path (which holds the path's next key and the first shape's keys there).
#[derive(Clone, Copy)]
struct Cursor {
    shape: &'static Shape,
    prefix: &'static [Step],
}

/// The steps one check may take (see [`step`]).
const FUEL: u32 = 20_000;

const ANY: Cursor = Cursor {
    shape: &Shape::Any,
    prefix: &[],
};

const fn at(shape: &'static Shape) -> Cursor {
    Cursor { shape, prefix: &[] }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn step_eq(a: &Step, b: &Step) -> bool {
    match (a, b) {
        (Step::Key(a) | Step::Member(a), Step::Key(b) | Step::Member(b)) => str_eq(a, b),
        (Step::Index(a), Step::Index(b)) => *a == *b,
        _ => false,
    }
}

/// One step into `c`, or `None` where the step does not exist.
const fn step(mut c: Cursor, s: &'static Step, fuel: &mut u32) -> Option<Cursor> {
    // Shapes reached from many states nest deeply, and a search that fails tries every
    // alternative: past a budget, the rest of the path is taken as unchecked rather than let
    // the compiler spin.
    if *fuel == 0 {
        return Some(ANY);
    }
    *fuel -= 1;
    if let Step::Unchecked = s {
        return Some(ANY);
    }
    // The layers a value passes through (`Option`, each state's ResultPath) are followed in a
    // loop: a key of the machine's input read two hundred states later goes through two
    // hundred of them, more than constant evaluation's call depth allows.
    loop {
        match c.shape {
            Shape::Optional(inner) => {
                c = at(inner);
                continue;
            }
            Shape::At(base, path) => match walk(at(base), path, fuel) {
                Ok(inner) => {
                    c = inner;
                    continue;
                }
                // Reported where the path was read.
                Err(_) => return Some(ANY),
            },
            Shape::Merge(base, path, value) => {
                let k = c.prefix.len();
                if k < path.len() && step_eq(s, &path[k]) {
                    return Some(into_layer(c, path, value));
                }
                match walk(at(base), c.prefix, fuel) {
                    Ok(inner) => {
                        c = inner;
                        continue;
                    }
                    Err(_) => return None,
                }
            }
            _ => return step_once(c, s, fuel),
        }
    }
}

/// Past a ResultPath layer whose path's next step (the one after `c`'s prefix) was taken: the
/// merged value when that step was the path's last, else deeper into the layer's path.
const fn into_layer(c: Cursor, path: &'static [Step], value: &'static Shape) -> Cursor {
    let k = c.prefix.len();
    if k + 1 == path.len() {
        at(value)
    } else {
        Cursor {
            shape: c.shape,
            prefix: path.split_at(k + 1).0,
        }
    }
}

/// [`step`] into a shape that is not a layer.
const fn step_once(c: Cursor, s: &'static Step, fuel: &mut u32) -> Option<Cursor> {
    match c.shape {
        Shape::Any => Some(ANY),
        Shape::Optional(_) | Shape::At(..) | Shape::Merge(..) => step(c, s, fuel),
        Shape::Either(shapes) => {
            let mut i = 0;
            while i < shapes.len() {
                if let Some(found) = step(at(shapes[i]), s, fuel) {
                    return Some(found);
                }
                i += 1;
            }
            None
        }
        Shape::OneOf(_, variants) => {
            let mut i = 0;
            while i < variants.len() {
                if let Some(found) = step(at(variants[i]), s, fuel) {
                    return Some(found);
                }
                i += 1;
            }
            None
        }
        Shape::Object(object) => match s {
            Step::Key(key) | Step::Member(key) => {
                let mut i = 0;
                while i < object.fields.len() {
                    if str_eq(object.fields[i].key, key) {
                        return Some(at(object.fields[i].shape));
                    }
                    i += 1;
                }
                let mut i = 0;
                while i < object.flatten.len() {
                    if let Some(found) = step(at(object.flatten[i]), s, fuel) {
                        return Some(found);
                    }
                    i += 1;
                }
                None
            }
            _ => None,
        },
        Shape::Map(value) => match s {
            Step::Key(_) | Step::Member(_) => Some(at(value)),
            _ => None,
        },
        Shape::Array(item) => match s {
            Step::Index(_) | Step::Each => Some(at(item)),
            Step::Member(_) => step(at(item), s, fuel),
            _ => None,
        },
        Shape::Tuple(items) => match s {
            Step::Index(i) if (*i as usize) < items.len() => Some(at(items[*i as usize])),
            Step::Each | Step::Member(_) => Some(ANY),
            _ => None,
        },
        Shape::Null | Shape::Bool | Shape::Number | Shape::String => None,
    }
}

/// Every step of `path` from `c`: where it ends, or where it stopped and the index of the
/// step that does not exist.
const fn walk(
    mut c: Cursor,
    path: &'static [Step],
    fuel: &mut u32,
) -> Result<Cursor, (Cursor, usize)> {
    let mut i = 0;
    while i < path.len() {
        match step(c, &path[i], fuel) {
            Some(next) => c = next,
            None => return Err((c, i)),
        }
        i += 1;
    }
    Ok(c)
}

/// `c` without the layers that do not change what a value is: `Option`, `At`.
const fn settle(c: Cursor, fuel: &mut u32) -> Cursor {
    match c.shape {
        Shape::Optional(inner) => settle(at(inner), fuel),
        Shape::At(base, path) => match walk(at(base), path, fuel) {
            Ok(inner) => settle(inner, fuel),
            Err(_) => ANY,
        },
        _ => c,
    }
}

/// Whether the value at `c` can be what `expect` needs (an unknown value can).
const fn can_be(c: Cursor, expect: Expect, fuel: &mut u32) -> bool {
    let c = settle(c, fuel);
    if !c.prefix.is_empty() {
        return false;
    }
    match (c.shape, expect) {
        (Shape::Any, _) => true,
        (Shape::Number, Expect::Number) => true,
        (Shape::String, Expect::String | Expect::Timestamp) => true,
        (Shape::Bool, Expect::Bool) => true,
        (Shape::Either(shapes), _) | (Shape::OneOf(_, shapes), _) => {
            let mut i = 0;
            while i < shapes.len() {
                if can_be(at(shapes[i]), expect, fuel) {
                    return true;
                }
                i += 1;
            }
            false
        }
        _ => false,
    }
}

// ---- messages --------------------------------------------------------------------------------

/// A message built at compile time, for a constant's panic.
struct Message {
    bytes: [u8; 1024],
    len: usize,
}

impl Message {
    const fn new() -> Message {
        Message {
            bytes: [0; 1024],
            len: 0,
        }
    }

    const fn push(mut self, s: &str) -> Message {
        let s = s.as_bytes();
        let mut i = 0;
        // Stop on a character boundary, so the text stays UTF-8.
        if self.len + s.len() > self.bytes.len() - 4 {
            return self;
        }
        while i < s.len() {
            self.bytes[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn number(self, mut n: u64) -> Message {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        match std::str::from_utf8(digits.split_at(i).1) {
            Ok(s) => self.push(s),
            Err(_) => self,
        }
    }

    const fn path(mut self, path: &[Step]) -> Message {
        self = self.push("$");
        let mut i = 0;
        while i < path.len() {
            self = match &path[i] {
                Step::Key(k) | Step::Member(k) if plain_key(k) => self.push(".").push(k),
                Step::Key(k) | Step::Member(k) => self.push("['").push(k).push("']"),
                Step::Index(n) => self.push("[").number(*n).push("]"),
                Step::Each => self.push("[*]"),
                Step::Unchecked => self.push("…"),
            };
            i += 1;
        }
        self
    }

    /// What the value at `c` is: `Order`, "an array", "a string", ….
    const fn what(self, c: Cursor) -> Message {
        let mut budget = FUEL;
        let c = settle(c, &mut budget);
        if !c.prefix.is_empty() {
            return self.push("the object that ResultPath writes to");
        }
        match c.shape {
            Shape::Object(o) => self.push("`").push(o.name).push("`"),
            Shape::OneOf(name, _) => self.push("`").push(name).push("`"),
            Shape::Array(_) | Shape::Tuple(_) => self.push("an array"),
            Shape::Map(_) => self.push("a map"),
            Shape::String => self.push("a string"),
            Shape::Number => self.push("a number"),
            Shape::Bool => self.push("a bool"),
            Shape::Null => self.push("null"),
            Shape::Merge(..) => self.push("the object that ResultPath writes to"),
            Shape::Either(_) => self.push("the input from several states"),
            Shape::Any | Shape::Optional(_) | Shape::At(..) => self.push("a value"),
        }
    }

    /// The keys of the object at `c`, each quoted, separated by commas.
    const fn keys(mut self, c: Cursor, first: bool) -> (Message, bool) {
        let mut budget = FUEL;
        let fuel = &mut budget;
        let mut c = settle(c, fuel);
        let mut first = first;
        // ResultPath layers in a loop, as in `step`.
        while let Shape::Merge(base, path, _) = c.shape {
            if let Step::Key(k) = &path[c.prefix.len()]
                && !self.lists(k)
            {
                self = self.push(if first { "`" } else { ", `" }).push(k).push("`");
                first = false;
            }
            match walk(at(base), c.prefix, fuel) {
                Ok(inner) => c = settle(inner, fuel),
                Err(_) => return (self, first),
            }
        }
        match c.shape {
            Shape::Object(o) => {
                let mut i = 0;
                while i < o.fields.len() {
                    // The same key from two shapes of an `Either` is listed once.
                    if !self.lists(o.fields[i].key) {
                        self = self.push(if first { "`" } else { ", `" });
                        self = self.push(o.fields[i].key).push("`");
                        first = false;
                    }
                    i += 1;
                }
                let mut i = 0;
                while i < o.flatten.len() {
                    (self, first) = self.keys(at(o.flatten[i]), first);
                    i += 1;
                }
            }
            Shape::Either(shapes) | Shape::OneOf(_, shapes) => {
                let mut i = 0;
                while i < shapes.len() {
                    (self, first) = self.keys(at(shapes[i]), first);
                    i += 1;
                }
            }
            _ => {}
        }
        (self, first)
    }

    /// Whether `` `key` `` is in the message already.
    const fn lists(&self, key: &str) -> bool {
        let key = key.as_bytes();
        let n = key.len() + 2;
        if n > self.len {
            return false;
        }
        let mut start = 0;
        while start + n <= self.len {
            if self.bytes[start] == b'`' && self.bytes[start + n - 1] == b'`' {
                let mut i = 0;
                while i < key.len() && self.bytes[start + 1 + i] == key[i] {
                    i += 1;
                }
                if i == key.len() {
                    return true;
                }
            }
            start += 1;
        }
        false
    }

    /// " (did you mean `orderId`?)" when one key of `c` is close to `key`.
    const fn did_you_mean(self, c: Cursor, key: &str) -> Message {
        let mut best: Option<&str> = None;
        let mut best_distance = usize::MAX;
        let limit = key.len() / 3 + 1;
        let mut budget = FUEL;
        let c = settle(c, &mut budget);
        if let Shape::Object(o) = c.shape {
            let mut i = 0;
            while i < o.fields.len() {
                let d = distance(key, o.fields[i].key);
                if d <= limit && d < best_distance {
                    best = Some(o.fields[i].key);
                    best_distance = d;
                }
                i += 1;
            }
        }
        match best {
            Some(k) => self.push(" (did you mean `").push(k).push("`?)"),
            None => self,
        }
    }

    const fn text(&self) -> &str {
        match std::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(s) => s,
            Err(_) => "a path of this workflow does not fit its types",
        }
    }
}

/// A key a dotted path can spell: letters, digits and `_`, not starting with a digit.
const fn plain_key(key: &str) -> bool {
    let b = key.as_bytes();
    if b.is_empty() || b[0].is_ascii_digit() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if !(b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// The edit distance between two keys, ignoring ASCII case and `_`/`-` (so `order_id` is close
/// to `orderId`); `usize::MAX` for keys longer than 63 bytes.
const fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 63 || b.len() > 63 {
        return usize::MAX;
    }
    let mut prev = [0usize; 64];
    let mut cur = [0usize; 64];
    let mut j = 0;
    while j <= b.len() {
        prev[j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        cur[0] = i;
        let mut j = 1;
        while j <= b.len() {
            let (x, y) = (a[i - 1].to_ascii_lowercase(), b[j - 1].to_ascii_lowercase());
            let cost = if x == y { 0 } else { 1 };
            let mut best = prev[j - 1] + cost;
            // Dropping a separator is free: `order_id` ~ `orderId`.
            let free_a = if x == b'_' || x == b'-' { 0 } else { 1 };
            let free_b = if y == b'_' || y == b'-' { 0 } else { 1 };
            if prev[j] + free_a < best {
                best = prev[j] + free_a;
            }
            if cur[j - 1] + free_b < best {
                best = cur[j - 1] + free_b;
            }
            cur[j] = best;
            j += 1;
        }
        prev = cur;
        i += 1;
    }
    prev[b.len()]
}

/// A path a state reads: `state` reads `path` from its input `input`, and, for a Choice
/// comparison, needs a value of kind `expect` there. Fails the constant it is called in, with
/// a message naming the state, the type where the path stops and its keys.
pub const fn check_path(
    input: &'static Shape,
    path: &'static [Step],
    state: &str,
    expect: Option<Expect>,
) {
    let mut budget = FUEL;
    let fuel = &mut budget;
    match walk(at(input), path, fuel) {
        Ok(end) => {
            if let Some(expect) = expect
                && !can_be(end, expect, fuel)
            {
                let m = Message::new()
                    .push("state \"")
                    .push(state)
                    .push("\" compares ")
                    .path(path)
                    .push(" with ")
                    .push(match expect {
                        Expect::Number => "a number",
                        Expect::String => "a string",
                        Expect::Bool => "a bool",
                        Expect::Timestamp => "a timestamp",
                    })
                    .push(", but it holds ")
                    .what(end)
                    .push(", so the comparison can never match");
                panic!("{}", m.text());
            }
        }
        Err((mut stopped, index)) => {
            let mut m = Message::new()
                .push("state \"")
                .push(state)
                .push("\" reads ")
                .path(path)
                .push(", but ");
            let before = path.split_at(index).0;
            m = m.path(before);
            // JSONata's `.key` on an array reads each item: say what the items are.
            if let Step::Member(_) = &path[index] {
                while let Shape::Array(item) = settle(stopped, fuel).shape {
                    stopped = at(item);
                    m = m.push("[*]");
                }
            }
            m = m.push(" is ").what(stopped);
            match &path[index] {
                Step::Key(key) | Step::Member(key) => {
                    m = m.push(", which has no key `").push(key).push("`");
                    let (with_keys, none) = Message::new().keys(stopped, true);
                    if !none {
                        m = m.push("; its keys: ").push(with_keys.text());
                    }
                    m = m.did_you_mean(stopped, key);
                }
                Step::Index(i) => {
                    m = m.push(", which has no item [").number(*i).push("]");
                }
                _ => m = m.push(", which has no items"),
            }
            panic!("{}", m.text());
        }
    }
}

/// Whether the value at `actual` has the shape `expected` asks for: every required key, with
/// values of the right kinds. Values of unknown shape pass.
const fn conforms(
    actual: Cursor,
    expected: &'static Shape,
    depth: usize,
    fuel: &mut u32,
) -> Result<(), Miss> {
    if depth > 24 {
        return Ok(());
    }
    let actual = settle(actual, fuel);
    if let Shape::Any = actual.shape {
        return Ok(());
    }
    match expected {
        Shape::Any => Ok(()),
        Shape::Optional(inner) => match actual.shape {
            Shape::Null => Ok(()),
            _ => conforms(actual, inner, depth + 1, fuel),
        },
        Shape::At(..) | Shape::Merge(..) => Ok(()),
        Shape::Either(shapes) | Shape::OneOf(_, shapes) => {
            let mut i = 0;
            while i < shapes.len() {
                if conforms(actual, shapes[i], depth + 1, fuel).is_ok() {
                    return Ok(());
                }
                i += 1;
            }
            Err(Miss::Kind(actual, expected))
        }
        Shape::Object(o) => {
            if let Shape::Either(shapes) = actual.shape {
                let mut i = 0;
                while i < shapes.len() {
                    if let Err(miss) = conforms(at(shapes[i]), expected, depth + 1, fuel) {
                        return Err(miss);
                    }
                    i += 1;
                }
                return Ok(());
            }
            let object_like = !actual.prefix.is_empty()
                || matches!(
                    actual.shape,
                    Shape::Object(_) | Shape::Map(_) | Shape::Merge(..) | Shape::OneOf(..)
                );
            if !object_like {
                return Err(Miss::Kind(actual, expected));
            }
            let mut i = 0;
            while i < o.fields.len() {
                let field = &o.fields[i];
                match step_key(actual, field.key, fuel) {
                    Some(value) => {
                        if let Err(miss) = conforms(value, field.shape, depth + 1, fuel) {
                            return Err(miss);
                        }
                    }
                    None if field.required => return Err(Miss::Key(actual, field.key)),
                    None => {}
                }
                i += 1;
            }
            let mut i = 0;
            while i < o.flatten.len() {
                if let Err(miss) = conforms(actual, o.flatten[i], depth + 1, fuel) {
                    return Err(miss);
                }
                i += 1;
            }
            Ok(())
        }
        Shape::Map(_) => match actual.shape {
            Shape::Object(_) | Shape::Map(_) | Shape::Merge(..) => Ok(()),
            _ if !actual.prefix.is_empty() => Ok(()),
            _ => Err(Miss::Kind(actual, expected)),
        },
        Shape::Array(item) => match actual.shape {
            Shape::Array(a) => conforms(at(a), item, depth + 1, fuel),
            Shape::Tuple(items) => {
                let mut i = 0;
                while i < items.len() {
                    if let Err(miss) = conforms(at(items[i]), item, depth + 1, fuel) {
                        return Err(miss);
                    }
                    i += 1;
                }
                Ok(())
            }
            _ => Err(Miss::Kind(actual, expected)),
        },
        Shape::Tuple(_) => match actual.shape {
            Shape::Array(_) | Shape::Tuple(_) => Ok(()),
            _ => Err(Miss::Kind(actual, expected)),
        },
        Shape::Null | Shape::Bool | Shape::Number | Shape::String => {
            let ok = match (actual.shape, expected) {
                (Shape::Null, Shape::Null)
                | (Shape::Bool, Shape::Bool)
                | (Shape::Number, Shape::Number)
                | (Shape::String, Shape::String) => true,
                (Shape::Either(_) | Shape::OneOf(..), _) => {
                    can_be(actual, expect_of(expected), fuel) || matches!(expected, Shape::Null)
                }
                _ => false,
            };
            if ok {
                Ok(())
            } else {
                Err(Miss::Kind(actual, expected))
            }
        }
    }
}

const fn expect_of(shape: &Shape) -> Expect {
    match shape {
        Shape::Number => Expect::Number,
        Shape::Bool => Expect::Bool,
        _ => Expect::String,
    }
}

const fn step_key(c: Cursor, key: &'static str, fuel: &mut u32) -> Option<Cursor> {
    // A `Step` is needed by reference for a `'static` lifetime; build the lookup by hand.
    let mut c = settle(c, fuel);
    // ResultPath layers in a loop, as in `step`.
    while let Shape::Merge(base, path, value) = c.shape {
        if let Step::Key(next) = &path[c.prefix.len()]
            && str_eq(next, key)
        {
            return Some(into_layer(c, path, value));
        }
        match walk(at(base), c.prefix, fuel) {
            Ok(inner) => c = settle(inner, fuel),
            Err(_) => return None,
        }
    }
    match c.shape {
        Shape::Object(o) => {
            let mut i = 0;
            while i < o.fields.len() {
                if str_eq(o.fields[i].key, key) {
                    return Some(at(o.fields[i].shape));
                }
                i += 1;
            }
            let mut i = 0;
            while i < o.flatten.len() {
                if let Some(found) = step_key(at(o.flatten[i]), key, fuel) {
                    return Some(found);
                }
                i += 1;
            }
            None
        }
        Shape::Map(v) => Some(at(v)),
        Shape::OneOf(_, shapes) | Shape::Either(shapes) => {
            let mut i = 0;
            while i < shapes.len() {
                if let Some(found) = step_key(at(shapes[i]), key, fuel) {
                    return Some(found);
                }
                i += 1;
            }
            None
        }
        Shape::Any => Some(ANY),
        _ => None,
    }
}

/// Why a value does not have an expected shape.
#[derive(Clone, Copy)]
enum Miss {
    Key(Cursor, &'static str),
    Kind(Cursor, &'static Shape),
}

/// An end state's output must have the shape of the machine's output type: fails the constant
/// it is called in, naming the state and the first key or kind that differs.
pub const fn check_output(
    output: &'static Shape,
    expected: &'static Shape,
    type_name: &str,
    state: &str,
) {
    let mut budget = FUEL;
    if let Err(miss) = conforms(at(output), expected, 0, &mut budget) {
        let mut m = Message::new()
            .push("the workflow ends at state \"")
            .push(state)
            .push("\" with an output that is not a `")
            .push(type_name)
            .push("`: ");
        m = match miss {
            Miss::Key(c, key) => m.what(c).push(" has no key `").push(key).push("`"),
            Miss::Kind(c, expected) => m
                .push("it has ")
                .what(c)
                .push(" where ")
                .what(at(expected))
                .push(" is expected"),
        };
        panic!("{}", m.text());
    }
}
