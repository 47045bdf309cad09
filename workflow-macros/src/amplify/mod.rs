//! `amplify_app!`: an Amplify app declared in Rust, lowered to the workflow-core model and
//! checked by its one validator while `cargo build` runs. The declaration form, its value tree
//! and the expansion are shared with `user_pool!` in [`crate::common::declaration`]; [`lower`]
//! reads the tree into an Amplify app.

pub(crate) mod lower;

use proc_macro2::TokenStream;

use crate::common::declaration::{Kind, expand};

/// The `amplify_app!` macro.
pub fn amplify_app(input: TokenStream) -> TokenStream {
    expand(input, Kind::App)
}
