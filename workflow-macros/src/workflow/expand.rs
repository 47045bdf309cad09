//! Stage 4 of the macro: the code a `workflow!` invocation expands to.
//!
//! For a machine `OrderFulfillment(input = Order) { … }` the expansion is
//!
//! ```text
//! #[doc = "<the machine's docs>\n\n```json\n<the canonical ASL>```"]
//! #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
//! pub struct OrderFulfillment;
//!
//! impl ::workflow::Workflow for OrderFulfillment {
//!     const NAME: &'static str = "OrderFulfillment";
//!     const ASL: &'static str = "<the canonical ASL>";
//!     const MACHINE_TYPE: ::workflow::MachineType = ::workflow::MachineType::Standard;
//!     const PLACEHOLDERS: &'static [&'static str] = &["ChargeFunctionArn", …];
//!     fn input_schema() -> Option<::workflow::__private::Schema> {
//!         Some(::workflow::__private::schema_for::<Order>())
//!     }
//! }
//!
//! const _: () = {
//!     fn __workflow_typecheck_0(__input: &Order) {
//!         ::workflow::__private::expect_number(&(*__input).order.total);
//!     }
//! };
//! ```
//!
//! The type checks are left to rustc: every field name is an identifier carrying the span of
//! the DSL token it came from, so "no field `totl` on type `Order`" points at the user's `totl`,
//! and the `expect_*` helpers carry trait bounds whose `on_unimplemented` messages explain a
//! comparison that can never match.
//!
//! Expansion cannot fail. When the input has errors, every error is emitted as a
//! `compile_error!` *and* the struct and a `Workflow` impl (with `ASL = ""`) are still emitted,
//! so code that names the workflow gets no follow-on errors. Only when not even the machine's
//! name can be read are the errors emitted alone.

use proc_macro2::{Delimiter, Group, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::{Ident, LitStr, Type, Visibility};
use workflow_core::Options;
use workflow_core::model::MachineType;
use workflow_core::validate::MAX_DEFINITION_BYTES;

use crate::common::{Ctxt, Head};
use crate::workflow::lower::{Expect, PathStep, TypeCheck};
use crate::workflow::syntax::{Attr, Machine, Value};

/// The whole macro: tokens in, generated items (and any compile errors) out.
pub fn workflow(input: TokenStream) -> TokenStream {
    let (input, splice_errors) = match crate::workflow::fragment::splice(input) {
        crate::workflow::fragment::Splice::Done { tokens, errors } => (tokens, errors),
        crate::workflow::fragment::Splice::Fetch(fetch) => return fetch,
    };
    let mut cx = Ctxt::new();
    cx.extend(splice_errors);
    let machine = match syn::parse2::<Machine>(input.clone()) {
        Ok(machine) => machine,
        Err(err) => {
            cx.error(err);
            let mut out = cx.into_compile_errors();
            // Still declare the workflow when its head can be read, so uses of it elsewhere
            // do not add errors of their own.
            if let Ok(head) = syn::parse2::<Head>(input) {
                item_of_head(&head).to_tokens(&mut out);
            }
            return out;
        }
    };

    let lowered = crate::workflow::lower::lower(&machine);
    cx.extend(lowered.errors.iter().cloned());
    let machine_type = lowered
        .machine
        .machine_type
        .or_else(|| machine_type_attr(&machine.attrs))
        .unwrap_or(MachineType::Standard);
    let options = Options {
        machine_type: Some(machine_type),
    };
    let validated = crate::workflow::check::check(&lowered, &options, &mut cx);

    let mut asl = None;
    if let Some(validated) = validated.filter(|_| !cx.has_errors()) {
        let text = validated.to_json_string();
        if text.len() > MAX_DEFINITION_BYTES {
            cx.error(syn::Error::new(
                machine.body_span,
                format!(
                    "the definition is {} bytes, more than the {} bytes AWS allows",
                    text.len(),
                    MAX_DEFINITION_BYTES
                ),
            ));
        } else {
            asl = Some(text);
        }
    }

    let item = Item {
        docs: machine.docs.as_ref().map(LitStr::value),
        vis: machine.vis.clone(),
        name: machine.name.clone(),
        display_name: name_attr(&machine.attrs),
        machine_type,
        asl,
        input: machine.input.clone(),
        output: machine.output.clone(),
        type_checks: &lowered.type_checks,
    };

    let mut out = cx.into_compile_errors();
    item.to_tokens(&mut out);
    out
}

/// `#[express]` / `#[standard]` (the last one wins), for when lowering did not set it.
fn machine_type_attr(attrs: &[Attr]) -> Option<MachineType> {
    attrs.iter().rev().find_map(|a| {
        if a.name == "express" {
            Some(MachineType::Express)
        } else if a.name == "standard" {
            Some(MachineType::Standard)
        } else {
            None
        }
    })
}

/// The string of `#[name("…")]`, the state machine's name when it differs from the Rust one.
fn name_attr(attrs: &[Attr]) -> Option<String> {
    attrs
        .iter()
        .rev()
        .find_map(|a| match (&a.arg, a.name == "name") {
            (Some(Value::Str(s)), true) => Some(s.value()),
            _ => None,
        })
}

/// The generated items.
struct Item<'a> {
    docs: Option<String>,
    vis: Visibility,
    name: Ident,
    /// `#[name("…")]`, else the identifier is the name.
    display_name: Option<String>,
    machine_type: MachineType,
    /// The canonical definition; `None` when there were errors.
    asl: Option<String>,
    input: Option<Type>,
    output: Option<Type>,
    type_checks: &'a [TypeCheck],
}

impl ToTokens for Item<'_> {
    fn to_tokens(&self, out: &mut TokenStream) {
        let Item { vis, name, asl, .. } = self;

        let mut doc = self.docs.clone().unwrap_or_default();
        if let Some(asl) = asl {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str("```json\n");
            doc.push_str(asl);
            if !asl.ends_with('\n') {
                doc.push('\n');
            }
            doc.push_str("```");
        }
        let doc = (!doc.is_empty()).then(|| quote!(#[doc = #doc]));

        let display_name = self
            .display_name
            .clone()
            .unwrap_or_else(|| name.to_string());
        let asl_text = asl.as_deref().unwrap_or("");
        let placeholders = workflow_core::placeholder::names(asl_text);
        let machine_type = match self.machine_type {
            MachineType::Standard => quote!(::workflow::MachineType::Standard),
            MachineType::Express => quote!(::workflow::MachineType::Express),
        };
        let input_schema = self.input.as_ref().map(|ty| {
            quote! {
                fn input_schema() -> ::core::option::Option<::workflow::__private::Schema> {
                    ::core::option::Option::Some(::workflow::__private::schema_for::<#ty>())
                }
            }
        });
        let output_schema = self.output.as_ref().map(|ty| {
            quote! {
                fn output_schema() -> ::core::option::Option<::workflow::__private::Schema> {
                    ::core::option::Option::Some(::workflow::__private::schema_for::<#ty>())
                }
            }
        });

        out.extend(quote! {
            #doc
            #[derive(
                ::core::fmt::Debug,
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::default::Default,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash,
            )]
            #vis struct #name;

            #[automatically_derived]
            impl ::workflow::Workflow for #name {
                const NAME: &'static str = #display_name;
                const ASL: &'static str = #asl_text;
                const MACHINE_TYPE: ::workflow::MachineType = #machine_type;
                const PLACEHOLDERS: &'static [&'static str] = &[#(#placeholders),*];
                #input_schema
                #output_schema
            }
        });

        let checks: Vec<TokenStream> = self
            .type_checks
            .iter()
            .enumerate()
            .map(|(i, check)| type_check(i, check))
            .collect();
        if !checks.is_empty() {
            out.extend(quote! {
                const _: () = {
                    #(#checks)*
                };
            });
        }
    }
}

/// One function rustc type-checks and nobody calls: it reads the path from a value of the
/// declared type, and, for a comparison, passes the value to the `expect_*` helper whose trait
/// bound says what the comparison needs.
fn type_check(index: usize, check: &TypeCheck) -> TokenStream {
    let ty = &check.ty;
    let fn_name = quote::format_ident!("__workflow_typecheck_{}", index);
    // Every token of the access carries the span of the DSL tokens it stands for, so an error
    // about the path as a whole (a trait bound, an index) underlines the path the user wrote.
    let first_span = check
        .steps
        .first()
        .and_then(|(_, tokens)| last_token_span(tokens))
        .unwrap_or_else(Span::call_site);
    let mut access = quote_spanned!(first_span=> (*__input));
    let mut complete = true;
    let mut last_span = first_span;
    for (step, tokens) in &check.steps {
        let span = last_token_span(tokens).unwrap_or(last_span);
        last_span = span;
        match step {
            PathStep::Field(name) => match member(name, span) {
                Some(member) => access = quote_spanned!(span=> #access.#member),
                // A JSON name no Rust field can have (`order-id`, …): check what comes before.
                None => {
                    complete = false;
                    break;
                }
            },
            PathStep::Index(i) => {
                let Ok(i) = usize::try_from(*i) else {
                    complete = false;
                    break;
                };
                let mut lit = Literal::usize_unsuffixed(i);
                lit.set_span(span);
                let mut index = Group::new(Delimiter::Bracket, lit.into_token_stream());
                index.set_span(span);
                access = quote_spanned!(span=> #access #index);
            }
        }
    }
    let body = match check.expect.filter(|_| complete) {
        Some(expect) => {
            let helper = match expect {
                Expect::Number => quote_spanned!(last_span=> expect_number),
                Expect::String => quote_spanned!(last_span=> expect_string),
                Expect::Bool => quote_spanned!(last_span=> expect_bool),
                Expect::Timestamp => quote_spanned!(last_span=> expect_timestamp),
            };
            let reference = quote_spanned!(first_span=> &);
            quote_spanned!(last_span=> ::workflow::__private::#helper(#reference #access);)
        }
        None => {
            let reference = quote_spanned!(first_span=> &);
            quote_spanned!(last_span=> let _ = #reference #access;)
        }
    };
    quote! {
        #[allow(dead_code, unused, non_snake_case, clippy::all)]
        fn #fn_name(__input: &#ty) {
            #body
        }
    }
}

/// The span of the last token of a step's tokens (`total` of `.total`, the `[0]` group).
fn last_token_span(tokens: &TokenStream) -> Option<Span> {
    tokens.clone().into_iter().last().map(|t| match t {
        TokenTree::Group(g) => g.span(),
        other => other.span(),
    })
}

/// A struct field for a JSON member name: `total`, `r#type`, `0` (tuple structs); `None` when
/// no Rust field can be spelled that way.
fn member(name: &str, span: Span) -> Option<TokenStream> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        let index: u32 = name.parse().ok()?;
        return Some(syn::Index { index, span }.into_token_stream());
    }
    // `gen` is reserved from edition 2024 on; the raw form works in every edition.
    if name != "gen" && syn::parse_str::<Ident>(name).is_ok() {
        return Some(Ident::new(name, span).into_token_stream());
    }
    if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        return None;
    }
    syn::parse_str::<Ident>(&format!("r#{name}"))
        .ok()
        .map(|_| Ident::new_raw(name, span).into_token_stream())
}

/// The items of a workflow whose body does not parse, from what its head says.
fn item_of_head(head: &Head) -> Item<'static> {
    let mut docs: Vec<String> = Vec::new();
    let mut display_name = None;
    let mut machine_type = MachineType::Standard;
    for attr in &head.attrs {
        let path = attr.path();
        if path.is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &attr.meta
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
            {
                docs.push(s.value());
            }
        } else if path.is_ident("express") {
            machine_type = MachineType::Express;
        } else if path.is_ident("standard") {
            machine_type = MachineType::Standard;
        } else if path.is_ident("name")
            && let Ok(s) = attr.parse_args::<LitStr>()
        {
            display_name = Some(s.value());
        }
    }
    Item {
        docs: (!docs.is_empty()).then(|| docs.join("\n")),
        vis: head.vis.clone(),
        name: head.name.clone(),
        display_name,
        machine_type,
        asl: None,
        input: None,
        output: None,
        type_checks: &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        let s = Span::call_site();
        let m = |n| member(n, s).map(|t| t.to_string());
        assert_eq!(m("total").as_deref(), Some("total"));
        assert_eq!(m("type").as_deref(), Some("r#type"));
        assert_eq!(m("gen").as_deref(), Some("r#gen"));
        assert_eq!(m("0").as_deref(), Some("0"));
        assert_eq!(m("order-id"), None);
        assert_eq!(m("self"), None);
        assert_eq!(m(""), None);
    }

    #[test]
    fn head_reads_name_through_a_broken_body() {
        let head: Head = syn::parse2(quote! {
            /// Docs.
            #[express]
            #[name("orders")]
            pub(crate) Orders (input = Order) { A: pass { ??? } }
        })
        .unwrap();
        let item = item_of_head(&head);
        assert_eq!(item.name, "Orders");
        assert_eq!(item.display_name.as_deref(), Some("orders"));
        assert_eq!(item.machine_type, MachineType::Express);
        assert_eq!(item.docs.as_deref(), Some(" Docs."));
        let text = item.to_token_stream().to_string();
        assert!(text.contains("pub (crate) struct Orders"), "{text}");
        assert!(text.contains("const ASL : & 'static str = \"\""), "{text}");
    }

    #[test]
    fn type_check_reuses_spans_and_picks_the_helper() {
        let check = TypeCheck {
            ty: syn::parse_quote!(Order),
            steps: vec![
                (PathStep::Field("order".into()), quote!(.order)),
                (PathStep::Field("items".into()), quote!(.items)),
                (PathStep::Index(0), quote!([0])),
                (PathStep::Field("price".into()), quote!(.price)),
            ],
            expect: Some(Expect::Number),
        };
        let text = type_check(0, &check).to_string();
        assert!(
            text.contains(
                ":: workflow :: __private :: expect_number (& (* __input) . order . items [0] . price)"
            ),
            "{text}"
        );
        assert!(
            text.contains("fn __workflow_typecheck_0 (__input : & Order)"),
            "{text}"
        );
    }

    #[test]
    fn unspellable_field_stops_the_check() {
        let check = TypeCheck {
            ty: syn::parse_quote!(Order),
            steps: vec![
                (PathStep::Field("order".into()), quote!(.order)),
                (PathStep::Field("order-id".into()), quote!(["order-id"])),
            ],
            expect: Some(Expect::String),
        };
        let text = type_check(3, &check).to_string();
        assert!(text.contains("let _ = & (* __input) . order ;"), "{text}");
        assert!(!text.contains("expect_string"), "{text}");
    }
}
