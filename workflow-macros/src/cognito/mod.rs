//! `user_pool!`: a Cognito user pool declared in Rust, lowered to the workflow-core model and
//! checked by its one validator while `cargo build` runs. The declaration form, its value tree
//! and the expansion are shared with `amplify_app!` in [`crate::common::declaration`];
//! [`lower`] reads the tree into a user pool.

pub(crate) mod lower;

use proc_macro2::TokenStream;

use crate::common::declaration::{Kind, expand};

/// The `user_pool!` macro.
pub fn user_pool(input: TokenStream) -> TokenStream {
    expand(input, Kind::Pool)
}
