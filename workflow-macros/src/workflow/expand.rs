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

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Ident, LitStr, Type, Visibility};
use workflow_core::Options;
use workflow_core::model::MachineType;
use workflow_core::validate::MAX_DEFINITION_BYTES;

use crate::common::{Ctxt, Head};
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

    let typecheck = match asl {
        Some(_) => crate::workflow::flow::typecheck(
            &lowered,
            machine.input.as_ref(),
            machine.output.as_ref(),
        ),
        None => crate::workflow::flow::Typecheck {
            items: TokenStream::new(),
            untyped: Vec::new(),
        },
    };
    untyped_states(&lowered, &typecheck.untyped, &mut cx);
    let item = Item {
        docs: machine.docs.as_ref().map(LitStr::value),
        vis: machine.vis.clone(),
        name: machine.name.clone(),
        display_name: name_attr(&machine.attrs),
        machine_type,
        asl,
        input: machine.input.clone(),
        output: machine.output.clone(),
        shapes: typecheck.items,
    };

    let mut out = cx.into_compile_errors();
    item.to_tokens(&mut out);
    out
}

/// The `untyped-state` lint (allowed by default): each state whose input has no known shape.
fn untyped_states(
    lowered: &crate::workflow::lower::Lowered,
    untyped: &[crate::workflow::flow::Untyped],
    cx: &mut Ctxt,
) {
    use workflow_core::diagnostic::{Level, Location};
    use workflow_core::{Diagnostic, Rule};
    for crate::workflow::flow::Untyped {
        pointer,
        name,
        result,
    } in untyped
    {
        let level = lowered.lint_levels_at(pointer).level_of(Rule::UntypedState);
        if level == Level::Allow {
            continue;
        }
        let mut d = Diagnostic::new(
            Rule::UntypedState,
            Location {
                pointer: pointer.clone(),
                state_path: format!("\"{name}\""),
                at_key: true,
            },
            if *result {
                format!("the result of task \"{name}\" has no known shape, so paths into it are not checked")
            } else {
                format!("the input of state \"{name}\" has no known shape, so its paths are not checked")
            },
        )
        .with_help(if *result {
            "declare what the task returns: `task … -> Type` (for `lambda::invoke`, the function's payload)"
        } else {
            "declare the result of the task before it (`-> Type`), or this state's input with `#[input(Type)]`"
        });
        d.set_level(level);
        let tokens = lowered
            .spans
            .find(pointer, true)
            .cloned()
            .unwrap_or_default();
        if level == Level::Deny {
            cx.error(syn::Error::new_spanned(tokens, crate::common::message(&d)));
        } else {
            cx.warning(&tokens, &d);
        }
    }
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
struct Item {
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
    /// The shape constants and path checks of the typed data flow (see [`crate::workflow::flow`]).
    shapes: TokenStream,
}

impl ToTokens for Item {
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

        let shapes = &self.shapes;
        if !shapes.is_empty() {
            out.extend(quote! {
                #[allow(non_upper_case_globals, clippy::all)]
                const _: () = {
                    #shapes
                };
            });
        }
    }
}

/// The items of a workflow whose body does not parse, from what its head says.
fn item_of_head(head: &Head) -> Item {
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
        shapes: TokenStream::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
