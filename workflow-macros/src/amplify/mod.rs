//! `amplify_app!` and `user_pool!`: an Amplify app and a Cognito user pool declared in Rust,
//! lowered to the workflow-core model and checked by its one validator while `cargo build`
//! runs. The stages are those of `workflow!`: [`syntax`] (tokens → value tree), [`lower`]
//! (value tree → model and the tokens of each JSON Pointer), the core validator (each
//! diagnostic a compile error at its tokens), and the expansion here.
//!
//! `pub OrderWeb { … }` expands to
//!
//! ```text
//! #[doc = "<the docs>"]
//! #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
//! pub struct OrderWeb;
//! impl OrderWeb {
//!     pub fn app() -> ::workflow::core::amplify::AmplifyApp { /* the declaration, read back */ }
//!     pub fn part() -> ::workflow::core::amplify::AmplifyPart { /* validated */ }
//! }
//! ```
//!
//! (`pool()` and `UserPoolPart` for a user pool). When the declaration has errors the struct
//! and its functions are still emitted, so code that names it adds no errors of its own.

mod lower;
mod syntax;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;
use workflow_core::{Diagnostic, Severity};

use lower::Lowering;

/// The `amplify_app!` macro.
pub fn amplify_app(input: TokenStream) -> TokenStream {
    expand(input, Kind::App)
}

/// The `user_pool!` macro.
pub fn user_pool(input: TokenStream) -> TokenStream {
    expand(input, Kind::Pool)
}

#[derive(Clone, Copy)]
enum Kind {
    App,
    Pool,
}

fn expand(input: TokenStream, kind: Kind) -> TokenStream {
    let decl = match syntax::declaration.parse2(input) {
        Ok(decl) => decl,
        Err(err) => return err.to_compile_error(),
    };
    let id = decl.name.to_string();
    let mut lw = Lowering::default();
    let (declaration, diagnostics) = match kind {
        Kind::App => {
            let app = lower::app(&id, &decl.body, &mut lw);
            let diagnostics = workflow_core::amplify::validate(&app)
                .err()
                .unwrap_or_default();
            (app.to_declaration(), diagnostics)
        }
        Kind::Pool => {
            let pool = lower::pool(&id, &decl.body, &mut lw);
            let diagnostics = workflow_core::cognito::validate(&pool)
                .err()
                .unwrap_or_default();
            (pool.to_declaration(), diagnostics)
        }
    };
    let mut errors = std::mem::take(&mut lw.errors);
    // A value the lowering could not read is left empty; the validator's opinion of the empty
    // value would only repeat the error. Every other diagnostic is reported with it.
    {
        let reported = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && !lw.is_about_failed(&d.location.pointer));
        for d in reported {
            let tokens = lw
                .tokens_for(&d.location.pointer)
                .cloned()
                .unwrap_or_else(|| {
                    let name = &decl.name;
                    quote!(#name)
                });
            errors.push(syn::Error::new_spanned(tokens, message(d)));
        }
    }
    let compile_errors: TokenStream = errors.iter().map(syn::Error::to_compile_error).collect();

    let attrs = &decl.attrs;
    let vis = &decl.vis;
    let name = &decl.name;
    let body = if errors.is_empty() {
        match kind {
            Kind::App => quote! {
                /// The declared app, checked while the crate was compiled.
                pub fn app() -> ::workflow::core::amplify::AmplifyApp {
                    ::workflow::core::amplify::AmplifyApp::from_declaration(#declaration)
                        .expect("amplify_app! wrote this declaration")
                }
                /// The app as a part of a stack, for `App::part`.
                pub fn part() -> ::workflow::core::amplify::AmplifyPart {
                    ::workflow::core::amplify::validate(&Self::app())
                        .expect("amplify_app! validated this declaration")
                        .into_part()
                }
            },
            Kind::Pool => quote! {
                /// The declared user pool, checked while the crate was compiled.
                pub fn pool() -> ::workflow::core::cognito::UserPool {
                    ::workflow::core::cognito::UserPool::from_declaration(#declaration)
                        .expect("user_pool! wrote this declaration")
                }
                /// The user pool as a part of a stack, for `App::part`.
                pub fn part() -> ::workflow::core::cognito::UserPoolPart {
                    ::workflow::core::cognito::validate(&Self::pool())
                        .expect("user_pool! validated this declaration")
                        .into_part()
                }
            },
        }
    } else {
        // Only the signatures: the crate does not compile, so nothing calls them.
        match kind {
            Kind::App => quote! {
                pub fn app() -> ::workflow::core::amplify::AmplifyApp {
                    ::workflow::core::amplify::AmplifyApp::new(#id, #id)
                }
            },
            Kind::Pool => quote! {
                pub fn pool() -> ::workflow::core::cognito::UserPool {
                    ::workflow::core::cognito::UserPool::new(#id)
                }
            },
        }
    };
    quote! {
        #compile_errors
        #(#attrs)*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        #vis struct #name;
        impl #name {
            #body
        }
    }
}

/// `{message} [{code}]`, then `= help: …` as `workflow!` prints them.
fn message(d: &Diagnostic) -> String {
    let mut text = format!("{} [{}]", d.message, d.code());
    if let Some(help) = &d.help {
        text.push_str("\n  = help: ");
        text.push_str(help);
    }
    text
}
