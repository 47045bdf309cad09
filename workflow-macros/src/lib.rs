//! # workflow-macros
//!
//! The `workflow!` macro: an AWS Step Functions state machine written in Rust, lowered to the
//! workflow-core model and checked by the workflow-core validator while `cargo build` runs.
//! Use it through the `workflow` crate, which re-exports it with the runtime pieces it expands
//! to.
//!
//! One folder per macro, each with serde_derive's stages (syntax → lower → check → expand):
//! [`workflow`](mod@workflow) for `workflow!`, [`amplify`] for `amplify_app!`, [`cognito`] for
//! `user_pool!`, [`appsync`] for `graphql_api!`. All four collect their errors in [`common`]'s
//! one error context and emit fallback items after an error; `amplify_app!` and `user_pool!`
//! also share their declaration form, value tree and expansion in `common::declaration`.

mod amplify;
#[cfg(feature = "appsync")]
mod appsync;
mod cognito;
mod common;
mod shape;
mod workflow;

use proc_macro::TokenStream;

/// Declares a Step Functions state machine. See the `workflow` crate for the syntax.
#[proc_macro]
pub fn workflow(input: TokenStream) -> TokenStream {
    workflow::expand::workflow(input.into()).into()
}

/// Declares reusable pieces of `workflow!` DSL, each spliced where `name!()` is written. See
/// the `workflow` crate.
#[proc_macro]
pub fn fragment(input: TokenStream) -> TokenStream {
    workflow::fragment::fragment(input.into()).into()
}

/// The JSON shape of a type as serde writes it, for the path checks of `workflow!`. See
/// `workflow::shape`.
#[proc_macro_derive(JsonShape, attributes(serde))]
pub fn json_shape(input: TokenStream) -> TokenStream {
    shape::derive(input.into()).into()
}

/// Declares an Amplify Hosting app, checked at compile time. See the `workflow` crate.
#[proc_macro]
pub fn amplify_app(input: TokenStream) -> TokenStream {
    amplify::amplify_app(input.into()).into()
}

/// Declares a Cognito user pool, checked at compile time. See the `workflow` crate.
#[proc_macro]
pub fn user_pool(input: TokenStream) -> TokenStream {
    cognito::user_pool(input.into()).into()
}

/// Declares an AppSync GraphQL API, checked at compile time. See the `workflow` crate.
#[proc_macro]
pub fn graphql_api(input: TokenStream) -> TokenStream {
    #[cfg(feature = "appsync")]
    return appsync::graphql_api(input.into()).into();
    // Without the feature the GraphQL compiler is not built, so the API cannot be checked: say
    // how to turn it on rather than leave an unresolved macro.
    #[cfg(not(feature = "appsync"))]
    {
        let _ = input;
        r#"::core::compile_error!("graphql_api! needs the `appsync` feature of the `workflow` crate: `workflow = { version = \"…\", features = [\"appsync\"] }`");"#
            .parse()
            .unwrap_or_default()
    }
}
