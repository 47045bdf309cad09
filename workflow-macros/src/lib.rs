//! # workflow-macros
//!
//! The `workflow!` macro: an AWS Step Functions state machine written in Rust, lowered to the
//! workflow-core model and checked by the workflow-core validator while `cargo build` runs.
//! Use it through the `workflow` crate, which re-exports it with the runtime pieces it expands
//! to.
//!
//! The stages follow serde_derive's layout: [`syntax`] (tokens → spanned tree), [`lower`] (tree →
//! model and span map), [`check`] (validator diagnostics → spanned compile errors) and
//! [`expand`] (code generation, which cannot fail). `amplify_app!`, `user_pool!` and
//! `graphql_api!` have the same stages in [`amplify`] and [`appsync`]; all four collect their
//! errors in [`common`]'s one error context and emit fallback items after an error.

mod amplify;
mod appsync;
mod check;
mod common;
mod expand;
mod lower;
mod syntax;

use proc_macro::TokenStream;

/// Declares a Step Functions state machine. See the `workflow` crate for the syntax.
#[proc_macro]
pub fn workflow(input: TokenStream) -> TokenStream {
    expand::workflow(input.into()).into()
}

/// Declares an Amplify Hosting app, checked at compile time. See the `workflow` crate.
#[proc_macro]
pub fn amplify_app(input: TokenStream) -> TokenStream {
    amplify::amplify_app(input.into()).into()
}

/// Declares a Cognito user pool, checked at compile time. See the `workflow` crate.
#[proc_macro]
pub fn user_pool(input: TokenStream) -> TokenStream {
    amplify::user_pool(input.into()).into()
}

/// Declares an AppSync GraphQL API, checked at compile time. See the `workflow` crate.
#[proc_macro]
pub fn graphql_api(input: TokenStream) -> TokenStream {
    appsync::graphql_api(input.into()).into()
}
