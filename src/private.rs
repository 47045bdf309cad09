//! What `workflow!` expansions use. Not a public API: the names and signatures may change in
//! any release.

pub use schemars::{JsonSchema, Schema};

/// The JSON Schema of `T`, as the root of a document.
pub fn schema_for<T: JsonSchema + ?Sized>() -> Schema {
    schemars::SchemaGenerator::default().into_root_schema_for::<T>()
}

/// The placeholder names the macro reads from a definition (for tests of the expansion).
pub fn placeholders(asl: &str) -> Vec<&str> {
    workflow_core::placeholder::names(asl)
}
