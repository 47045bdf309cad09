//! The `graphql_api!` macro: an AppSync GraphQL API declared in Rust, lowered to the
//! workflow-core API model and checked by its one validator (schema included) while
//! `cargo build` runs.
//!
//! Stages as for `workflow!`: [`syntax`] (tokens → argument tree), [`lower`] (tree → model,
//! pointer → tokens map, files read), the check here (validator diagnostics → compile errors at
//! the tokens their pointers came from) and [`expand`] (the generated items).

mod expand;
mod lower;
mod syntax;

use proc_macro2::TokenStream;

use crate::common::{Ctxt, Head};
use lower::Lowered;

/// The whole macro: tokens in, the generated items and any compile errors out.
pub fn graphql_api(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::new();
    let decl = match syn::parse2::<syntax::ApiDecl>(input.clone()) {
        Ok(decl) => decl,
        Err(err) => {
            cx.error(err);
            let mut out = cx.into_compile_errors();
            // Still declare the API when its head can be read, so uses of it elsewhere do not
            // add errors of their own.
            if let Ok(head) = syn::parse2::<Head>(input) {
                out.extend(expand::fallback(&head));
            }
            return out;
        }
    };
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let lowered = lower::lower(&decl, manifest_dir);
    check(&lowered, &mut cx);
    let mut out = cx.into_compile_errors();
    out.extend(expand::expand(&decl, &lowered));
    out
}

/// The lowering errors, then the validator's at their tokens. The lowering does not record
/// which values it could not read, so once it has failed every validator error counts as
/// being about one (a resolver on a data source whose declaration had a typo would only
/// repeat that error).
fn check(lowered: &Lowered, cx: &mut Ctxt) {
    cx.extend(lowered.errors.iter().cloned());
    let lowering_failed = !lowered.errors.is_empty();
    let diagnostics = if lowering_failed {
        Vec::new()
    } else {
        lowered.api.check()
    };
    cx.validator(
        &diagnostics,
        |_| lowering_failed,
        |d| {
            lowered
                .tokens_for(&d.location.pointer)
                .cloned()
                .unwrap_or_default()
        },
    );
}
