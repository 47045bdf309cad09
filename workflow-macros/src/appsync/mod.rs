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
use workflow_core::Diagnostic;

use lower::Lowered;

/// The whole macro: tokens in, the generated items and any compile errors out.
pub fn graphql_api(input: TokenStream) -> TokenStream {
    let decl = match syn::parse2::<syntax::ApiDecl>(input) {
        Ok(decl) => decl,
        Err(err) => return err.to_compile_error(),
    };
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let lowered = lower::lower(&decl, manifest_dir);
    let errors = check(&lowered);
    let mut out = expand::expand(&decl, &lowered);
    for error in errors {
        out.extend(error.to_compile_error());
    }
    out
}

/// The lowering errors or, when there are none, every error of the validator at its tokens.
/// (A declaration that did not lower completely would make the validator report follow-on
/// errors, e.g. a resolver on a data source whose declaration had a typo.)
fn check(lowered: &Lowered) -> Vec<syn::Error> {
    if !lowered.errors.is_empty() {
        return lowered.errors.clone();
    }
    let mut errors = Vec::new();
    for d in lowered.api.check().iter().filter(|d| d.is_error()) {
        let tokens = lowered
            .tokens_for(&d.location.pointer)
            .cloned()
            .unwrap_or_default();
        errors.push(syn::Error::new_spanned(tokens, message(d)));
    }
    errors
}

/// `{message} [{code}]`, then `= help: …` on its own line, as `workflow!` prints them.
fn message(d: &Diagnostic) -> String {
    let mut text = format!("{} [{}]", d.message, d.code());
    if let Some(help) = &d.help {
        text.push_str("\n  = help: ");
        text.push_str(help);
    }
    text
}
