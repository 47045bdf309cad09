//! What `workflow!` expansions use. Not a public API: the names and signatures may change in
//! any release. The `expect_*` functions are never called; their trait bounds make rustc check
//! that a path compared in a Choice state holds a value of the kind the comparison needs.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

pub use schemars::{JsonSchema, Schema};

/// The JSON Schema of `T`, as the root of a document.
pub fn schema_for<T: JsonSchema + ?Sized>() -> Schema {
    schemars::SchemaGenerator::default().into_root_schema_for::<T>()
}

/// The placeholder names the macro reads from a definition (for tests of the expansion).
pub fn placeholders(asl: &str) -> Vec<&str> {
    workflow_core::placeholder::names(asl)
}

/// A Rust type that serializes to a JSON number.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a number, so a numeric comparison on this path can never match",
    label = "this path holds a `{Self}`, not a number",
    note = "compare it with a value of its own kind, or give the field an integer or float type"
)]
pub trait JsonNumber {}

/// A Rust type that serializes to a JSON string.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a string, so a string comparison on this path can never match",
    label = "this path holds a `{Self}`, not a string",
    note = "compare it with a value of its own kind, or give the field a string type"
)]
pub trait JsonString {}

/// A Rust type that serializes to a JSON boolean.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a bool, so a boolean comparison on this path can never match",
    label = "this path holds a `{Self}`, not a bool",
    note = "compare it with a value of its own kind, or give the field the type `bool`"
)]
pub trait JsonBool {}

/// A Rust type that serializes to a JSON string holding an RFC 3339 timestamp.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a timestamp, so a timestamp comparison on this path can never match",
    label = "this path holds a `{Self}`, not a timestamp string",
    note = "Step Functions compares timestamps written as RFC 3339 strings; give the field a string type (or, with the `chrono` feature, a `chrono::DateTime`)"
)]
pub trait JsonTimestamp {}

/// Requires the value at a path to be a number.
pub fn expect_number<T: JsonNumber + ?Sized>(_: &T) {}
/// Requires the value at a path to be a string.
pub fn expect_string<T: JsonString + ?Sized>(_: &T) {}
/// Requires the value at a path to be a boolean.
pub fn expect_bool<T: JsonBool + ?Sized>(_: &T) {}
/// Requires the value at a path to be a timestamp string.
pub fn expect_timestamp<T: JsonTimestamp + ?Sized>(_: &T) {}

macro_rules! impls {
    ($trait:ident: $($ty:ty),* $(,)?) => {
        $(impl $trait for $ty {})*
    };
}

impls!(JsonNumber: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);
impls!(JsonNumber:
    std::num::NonZeroI8, std::num::NonZeroI16, std::num::NonZeroI32, std::num::NonZeroI64,
    std::num::NonZeroI128, std::num::NonZeroIsize, std::num::NonZeroU8, std::num::NonZeroU16,
    std::num::NonZeroU32, std::num::NonZeroU64, std::num::NonZeroU128, std::num::NonZeroUsize,
    serde_json::Number,
);
impls!(JsonString: String, str, char, Cow<'_, str>);
impls!(JsonBool: bool);
impls!(JsonTimestamp: String, str, Cow<'_, str>);

/// The wrappers a field's type can have around the value: a reference, a box, a shared
/// pointer and `Option` (a missing value never matches, which the state machine may rely on).
macro_rules! wrappers {
    ($($trait:ident),*) => {$(
        impl<T: $trait + ?Sized> $trait for &T {}
        impl<T: $trait + ?Sized> $trait for &mut T {}
        impl<T: $trait + ?Sized> $trait for Box<T> {}
        impl<T: $trait + ?Sized> $trait for Rc<T> {}
        impl<T: $trait + ?Sized> $trait for Arc<T> {}
        impl<T: $trait> $trait for Option<T> {}
        // Any JSON value may hold anything.
        impl $trait for serde_json::Value {}
    )*};
}

wrappers!(JsonNumber, JsonString, JsonBool, JsonTimestamp);

#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> JsonTimestamp for chrono::DateTime<Tz> {}
