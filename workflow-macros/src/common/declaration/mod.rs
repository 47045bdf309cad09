//! What `amplify_app!` and `user_pool!` share: the declaration form `pub Name { … }`, read by
//! [`syntax`] into a value tree and by [`lower`]'s readers into the model, and the expansion
//! of both. The stages are those of `workflow!`: [`syntax`] (tokens → value tree), lowering
//! (value tree → model and the tokens of each JSON Pointer; the app's in `amplify`, the pool's
//! in `cognito`), the core validator (each diagnostic a compile error at its tokens), and the
//! expansion here.
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

pub(crate) mod lower;
pub(crate) mod syntax;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

use crate::common::{Ctxt, Head};
use lower::Lowering;

/// Which of the two macros is expanding.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    App,
    Pool,
}

/// Expands `amplify_app!` or `user_pool!`.
pub(crate) fn expand(input: TokenStream, kind: Kind) -> TokenStream {
    let mut cx = Ctxt::new();
    let decl = match syntax::declaration.parse2(input.clone()) {
        Ok(decl) => decl,
        Err(err) => {
            cx.error(err);
            let mut out = cx.into_compile_errors();
            // Still declare the item when its head can be read, so uses of it elsewhere do
            // not add errors of their own.
            if let Ok(head) = syn::parse2::<Head>(input) {
                out.extend(items(&head.attrs, &head.vis, &head.name, fallback(kind)));
            }
            return out;
        }
    };
    let id = decl.name.to_string();
    let mut lw = Lowering::default();
    let (declaration, diagnostics) = match kind {
        Kind::App => {
            let app = crate::amplify::lower::app(&id, &decl.body, &mut lw);
            let diagnostics = workflow_core::amplify::validate(&app)
                .err()
                .unwrap_or_default();
            (app.to_declaration(), diagnostics)
        }
        Kind::Pool => {
            let pool = crate::cognito::lower::pool(&id, &decl.body, &mut lw);
            let diagnostics = workflow_core::cognito::validate(&pool)
                .err()
                .unwrap_or_default();
            (pool.to_declaration(), diagnostics)
        }
    };
    cx.extend(std::mem::take(&mut lw.errors));
    cx.validator(
        &diagnostics,
        |d| lw.is_about_failed(&d.location.pointer),
        |d| {
            lw.tokens_for(&d.location.pointer)
                .cloned()
                .unwrap_or_else(|| {
                    let name = &decl.name;
                    quote!(#name)
                })
        },
    );

    let body = if cx.has_errors() {
        fallback(kind)
    } else {
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
    };
    let mut out = cx.into_compile_errors();
    out.extend(items(&decl.attrs, &decl.vis, &decl.name, body));
    out
}

/// The struct and its functions.
fn items(
    attrs: &[syn::Attribute],
    vis: &syn::Visibility,
    name: &syn::Ident,
    body: TokenStream,
) -> TokenStream {
    quote! {
        #(#attrs)*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        #vis struct #name;
        impl #name {
            #body
        }
    }
}

/// The functions of a declaration with errors: only their signatures matter, since the crate
/// does not compile and nothing calls them.
fn fallback(kind: Kind) -> TokenStream {
    let unreachable = quote! {
        ::core::unreachable!("the declaration has compile errors")
    };
    match kind {
        Kind::App => quote! {
            pub fn app() -> ::workflow::core::amplify::AmplifyApp {
                #unreachable
            }
            pub fn part() -> ::workflow::core::amplify::AmplifyPart {
                #unreachable
            }
        },
        Kind::Pool => quote! {
            pub fn pool() -> ::workflow::core::cognito::UserPool {
                #unreachable
            }
            pub fn part() -> ::workflow::core::cognito::UserPoolPart {
                #unreachable
            }
        },
    }
}
