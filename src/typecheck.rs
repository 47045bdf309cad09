//! The kinds of JSON value a Choice comparison needs, as traits: `workflow!` checks that a path
//! compared with a number holds a Rust type that serializes to a JSON number, and so on. The
//! `expect_*` functions are never called; their bounds make rustc refuse a comparison that can
//! never match, with the message of the trait's `on_unimplemented`:
//!
//! ```compile_fail
//! #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
//! pub struct Order { pub country: String }
//!
//! workflow::workflow! {
//!     pub M(input = Order) {
//!         Route: choice { $.country > 100 => Big, _ => Small },
//!         Big: succeed,
//!         Small: succeed,
//!     }
//! }
//! ```
//!
//! A field of your own type takes part by implementing the trait that matches what it
//! serializes to, e.g. `impl workflow::typecheck::JsonNumber for Cents {}`.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

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

// `do_not_recommend` keeps rustc from listing these impls under an error ("the following
// other types implement trait …"): the error's own message says what to do.
macro_rules! impls {
    ($trait:ident: $($ty:ty),* $(,)?) => {
        $(#[diagnostic::do_not_recommend] impl $trait for $ty {})*
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
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for &T {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for &mut T {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for Box<T> {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for Rc<T> {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for Arc<T> {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait> $trait for Option<T> {}
        // Any JSON value may hold anything.
        #[diagnostic::do_not_recommend]
        impl $trait for serde_json::Value {}
    )*};
}

wrappers!(JsonNumber, JsonString, JsonBool, JsonTimestamp);

#[cfg(feature = "chrono")]
#[diagnostic::do_not_recommend]
impl<Tz: chrono::TimeZone> JsonTimestamp for chrono::DateTime<Tz> {}
