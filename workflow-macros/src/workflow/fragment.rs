//! Reuse: `fragment!` names a piece of DSL once (a retry policy, a catch, an error list, a block
//! of parameters) and `workflow!` splices it wherever `name!()` is written.
//!
//! A proc macro cannot see another item's contents, so a fragment is a `macro_rules!` macro
//! that takes part in a callback protocol (the "eager expansion" pattern):
//!
//! 1. `workflow!` finds the first fragment use it has no body for, say `dynamo_retry!()`, and
//!    expands to `dynamo_retry! { @workflow_splice { <bodies so far> } { <its own input> } }`.
//! 2. The fragment's `macro_rules!` appends its body and calls `::workflow::workflow!` again:
//!    `workflow! { <bodies so far> @fragment { <body> } <its own input> }`.
//! 3. `workflow!` reads the bodies off the front, splices each at its uses, and either asks for
//!    the next one or, once every use has a body, lowers the machine as usual.
//!
//! Each distinct fragment is fetched once, however often it is used, so a workflow costs two
//! expansion levels per distinct fragment. Because fragments are ordinary macros they follow
//! Rust's scoping: a fragment declared in one module is used from another with `use`, and one
//! fragment can use another. The body's tokens keep their spans, so an error in a fragment
//! points into the fragment's declaration.
//!
//! A `macro_rules!` body cannot hold a lone `$` (it starts a metavariable), and the DSL's paths
//! all start with one: `fragment!` writes each `$` as a marker identifier carrying the `$`'s
//! span, and `workflow!` turns it back.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Visibility};

/// The first token of the protocol's arms: never valid DSL, so it cannot clash with a user's.
const SPLICE: &str = "workflow_splice";
/// Marks a fragment body at the front of `workflow!`'s input.
const FRAGMENT: &str = "fragment";
/// Stand-ins for `$` inside a `macro_rules!` body (see the module docs).
const DOLLAR: &str = "__workflow_dollar";
const DOLLAR_JOINT: &str = "__workflow_dollar_joint";

/// One `name { tokens }` of a `fragment!` invocation.
struct Fragment {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    body: TokenStream,
}

struct Fragments(Vec<Fragment>);

impl Parse for Fragments {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut fragments = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(Attribute::parse_outer)?;
            let vis: Visibility = input.parse()?;
            let name: Ident = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected a fragment: `name { … }`, e.g. `dynamo_retry { [DynamoDB.ThrottlingException] every 2s x6 }`",
                )
            })?;
            let content;
            syn::braced!(content in input);
            let body: TokenStream = content.parse()?;
            fragments.push(Fragment {
                attrs,
                vis,
                name,
                body,
            });
            // Separators are optional, as between states.
            while input.peek(syn::Token![,]) || input.peek(syn::Token![;]) {
                input.parse::<TokenTree>()?;
            }
        }
        Ok(Fragments(fragments))
    }
}

/// The `fragment!` macro: one `macro_rules!` per fragment.
pub fn fragment(input: TokenStream) -> TokenStream {
    let fragments = match syn::parse2::<Fragments>(input) {
        Ok(fragments) => fragments,
        Err(err) => return err.to_compile_error(),
    };
    let mut out = TokenStream::new();
    for fragment in fragments.0 {
        fragment.to_tokens(&mut out);
    }
    out
}

impl ToTokens for Fragment {
    fn to_tokens(&self, out: &mut TokenStream) {
        let Fragment {
            attrs, vis, name, ..
        } = self;
        if let Visibility::Public(token) = vis {
            // `pub use` of a `macro_rules!` macro is refused by rustc unless it is
            // `#[macro_export]`ed, and an exported macro made by a macro cannot be named by path
            // in its own crate: say so here rather than leave rustc's puzzling error.
            out.extend(
                syn::Error::new_spanned(
                    token,
                    "a fragment is shared within its crate: write `pub(crate)`",
                )
                .to_compile_error(),
            );
            return;
        }
        let body = escape_dollars(self.body.clone());
        let misuse = format!(
            "`{name}!` is a workflow fragment: use it inside `workflow! {{ … }}`, where its tokens are spliced, e.g. `retry: {name}!()`"
        );
        let splice = Ident::new(SPLICE, Span::mixed_site());
        let marker = Ident::new(FRAGMENT, Span::mixed_site());
        out.extend(quote_spanned! {name.span()=>
            #(#attrs)*
            #[allow(unused_macros)]
            macro_rules! #name {
                (@#splice { $($done:tt)* } { $($rest:tt)* }) => {
                    ::workflow::workflow! { $($done)* @#marker { #body } $($rest)* }
                };
                ($($any:tt)*) => {
                    ::core::compile_error!(#misuse)
                };
            }
        });
        if !matches!(vis, Visibility::Inherited) {
            out.extend(quote! {
                #[allow(unused_imports)]
                #vis use #name;
            });
        }
    }
}

/// Every `$` of `tokens` as a marker identifier with its span.
fn escape_dollars(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Punct(p) if p.as_char() == '$' => {
                let marker = match p.spacing() {
                    Spacing::Joint => DOLLAR_JOINT,
                    Spacing::Alone => DOLLAR,
                };
                TokenTree::Ident(Ident::new(marker, p.span()))
            }
            TokenTree::Group(g) => TokenTree::Group(regroup(&g, escape_dollars(g.stream()))),
            other => other,
        })
        .collect()
}

/// The inverse of [`escape_dollars`].
fn unescape_dollars(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(i) if i == DOLLAR || i == DOLLAR_JOINT => {
                let spacing = if i == DOLLAR_JOINT {
                    Spacing::Joint
                } else {
                    Spacing::Alone
                };
                let mut p = Punct::new('$', spacing);
                p.set_span(i.span());
                TokenTree::Punct(p)
            }
            TokenTree::Group(g) => TokenTree::Group(regroup(&g, unescape_dollars(g.stream()))),
            other => other,
        })
        .collect()
}

fn regroup(group: &Group, stream: TokenStream) -> Group {
    let mut out = Group::new(group.delimiter(), stream);
    out.set_span(group.span());
    out
}

/// What `workflow!` does with its input before parsing it.
pub enum Splice {
    /// Every fragment use has its body: the input with the bodies in place, and any misuse.
    Done {
        tokens: TokenStream,
        errors: Vec<syn::Error>,
    },
    /// A fragment's body is missing: the expansion that asks the fragment for it.
    Fetch(TokenStream),
}

/// Splices the fragment bodies at the front of `input` into their uses (see the module docs).
pub fn splice(input: TokenStream) -> Splice {
    let mut trees: Vec<TokenTree> = input.into_iter().collect();
    let mut bodies = Vec::new();
    let mut front = TokenStream::new();
    while let [
        TokenTree::Punct(at),
        TokenTree::Ident(marker),
        TokenTree::Group(body),
        ..,
    ] = trees.as_slice()
    {
        if at.as_char() != '@' || *marker != FRAGMENT || body.delimiter() != Delimiter::Brace {
            break;
        }
        bodies.push(unescape_dollars(body.stream()));
        front.extend(trees.drain(..3));
    }
    let rest: TokenStream = trees.into_iter().collect();
    let mut splicer = Splicer {
        bodies,
        used: Vec::new(),
        errors: Vec::new(),
    };
    match splicer.walk(rest.clone()) {
        Ok(tokens) => Splice::Done {
            tokens,
            errors: splicer.errors,
        },
        Err(path) => {
            let splice = Ident::new(SPLICE, Span::call_site());
            Splice::Fetch(quote! { #path ! { @#splice { #front } { #rest } } })
        }
    }
}

struct Splicer {
    /// The bodies fetched so far, in the order their fragments were first met.
    bodies: Vec<TokenStream>,
    /// The fragments met so far, as written (`dynamo_retry`, `policies::dynamo_retry`).
    used: Vec<String>,
    errors: Vec<syn::Error>,
}

impl Splicer {
    /// `tokens` with every fragment use replaced by its body, or the path of the first fragment
    /// whose body is not fetched yet.
    fn walk(&mut self, tokens: TokenStream) -> Result<TokenStream, TokenStream> {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = TokenStream::new();
        let mut i = 0;
        while i < trees.len() {
            if let Some((path, args, len)) = fragment_use(&trees[i..]) {
                let key = path.to_string();
                let index = match self.used.iter().position(|u| *u == key) {
                    Some(index) => index,
                    None if self.used.len() < self.bodies.len() => {
                        self.used.push(key);
                        self.used.len() - 1
                    }
                    None => return Err(path),
                };
                if !args.stream().is_empty() {
                    self.errors.push(syn::Error::new(
                        args.span(),
                        "a fragment takes no arguments: write the parts that differ beside it, e.g. `catch: lambda_errors!() => Failed`",
                    ));
                }
                let body = self.bodies[index].clone();
                out.extend(self.walk(body)?);
                i += len;
                continue;
            }
            match &trees[i] {
                TokenTree::Group(g) => {
                    out.extend([TokenTree::Group(regroup(g, self.walk(g.stream())?))]);
                }
                other => out.extend([other.clone()]),
            }
            i += 1;
        }
        Ok(out)
    }
}

/// `path ! ( … )` at the start of `trees`: the path, the argument group and the number of
/// trees it spans. The DSL has no other `!` between an identifier and a group (a negation
/// follows an operator, and `!=` is followed by `=`).
fn fragment_use(trees: &[TokenTree]) -> Option<(TokenStream, Group, usize)> {
    let mut len = 0;
    loop {
        match trees.get(len)? {
            TokenTree::Ident(_) => len += 1,
            _ => return None,
        }
        match (trees.get(len), trees.get(len + 1)) {
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':' =>
            {
                len += 2;
            }
            (Some(TokenTree::Punct(bang)), Some(TokenTree::Group(args)))
                if bang.as_char() == '!' && bang.spacing() == Spacing::Alone =>
            {
                let path = trees[..len].iter().cloned().collect();
                return Some((path, args.clone(), len + 2));
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tokens: &TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn a_use_without_a_body_asks_the_fragment_for_it() {
        let input: TokenStream = quote!(M { A: task lambda::invoke("f") { retry: r!() } });
        let Splice::Fetch(fetch) = splice(input) else {
            panic!("expected a fetch")
        };
        assert!(text(&fetch).starts_with("r ! { @ workflow_splice { } {"));
    }

    #[test]
    fn fetched_bodies_are_spliced_at_every_use_with_dollars_restored() {
        let body = escape_dollars(quote!([States.ALL] result_path $.error));
        let input: TokenStream = quote!(
            @fragment { #body }
            M { A: pass { catch: c!() => B }, B: pass { catch: c!() => A } }
        );
        let Splice::Done { tokens, errors } = splice(input) else {
            panic!("expected every body")
        };
        assert!(errors.is_empty());
        assert_eq!(
            text(&tokens),
            text(
                &quote!(M { A: pass { catch: [States.ALL] result_path $.error => B }, B: pass { catch: [States.ALL] result_path $.error => A } })
            )
        );
    }

    #[test]
    fn negations_and_inequalities_are_not_fragment_uses() {
        let input: TokenStream = quote!(M { C: choice { $.a != 1 && !(is_present($.b)) => D } });
        assert!(matches!(splice(input), Splice::Done { .. }));
    }

    #[test]
    fn arguments_to_a_fragment_are_an_error() {
        let input: TokenStream = quote!(@fragment { [States.ALL] } M { A: pass { retry: r!(1) } });
        let Splice::Done { errors, .. } = splice(input) else {
            panic!("expected every body")
        };
        assert_eq!(errors.len(), 1);
    }
}
