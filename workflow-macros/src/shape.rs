//! `#[derive(JsonShape)]`: a type's JSON shape as serde writes it, read from the same
//! `#[serde(…)]` attributes serde_derive reads (`rename`, `rename_all`, `flatten`, `default`,
//! `skip`, `skip_serializing_if`, `transparent`, and the enum forms `tag`, `content`,
//! `untagged`), so `workflow!`'s path checks see JSON keys, not Rust field names.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Attribute, Data, DeriveInput, Fields, LitStr, Type};

pub fn derive(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input).and_then(|input| expand(&input)) {
        Ok(out) => out,
        Err(err) => err.to_compile_error(),
    }
}

/// What `#[serde(…)]` says about a container, a field or a variant.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<String>,
    skip: bool,
    flatten: bool,
    default: bool,
    skip_serializing_if: bool,
    transparent: bool,
    untagged: bool,
    tag: Option<String>,
    content: Option<String>,
}

impl Serde {
    fn read(attrs: &[Attribute]) -> syn::Result<Serde> {
        let mut out = Serde::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                let name = meta
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                match name.as_str() {
                    "rename" => out.rename = serialize_name(&meta)?,
                    "rename_all" => out.rename_all = serialize_name(&meta)?,
                    "tag" => out.tag = Some(meta.value()?.parse::<LitStr>()?.value()),
                    "content" => out.content = Some(meta.value()?.parse::<LitStr>()?.value()),
                    "skip" | "skip_serializing" => out.skip = true,
                    "flatten" => out.flatten = true,
                    "transparent" => out.transparent = true,
                    "untagged" => out.untagged = true,
                    "default" => {
                        out.default = true;
                        skip_value(&meta)?;
                    }
                    "skip_serializing_if" => {
                        out.skip_serializing_if = true;
                        skip_value(&meta)?;
                    }
                    // Everything else (`alias`, `with`, `bound`, `deny_unknown_fields`, …)
                    // does not change the keys serde writes.
                    _ => skip_value(&meta)?,
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

/// `rename = "x"` or `rename(serialize = "x", deserialize = "y")`: the serialized name.
fn serialize_name(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Option<String>> {
    if meta.input.peek(syn::Token![=]) {
        return Ok(Some(meta.value()?.parse::<LitStr>()?.value()));
    }
    let mut found = None;
    meta.parse_nested_meta(|inner| {
        let value = inner.value()?.parse::<LitStr>()?.value();
        if inner.path.is_ident("serialize") {
            found = Some(value);
        }
        Ok(())
    })?;
    Ok(found)
}

/// Consumes `= value` or `(…)` after a meta we do not read.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<TokenTree>()?;
        while !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
            meta.input.parse::<TokenTree>()?;
        }
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// serde's `rename_all` rules, for a field (`snake_case` in Rust) or a variant (`PascalCase`).
fn rename(name: &str, rule: Option<&str>, variant: bool) -> String {
    let Some(rule) = rule else {
        return name.to_string();
    };
    let words: Vec<String> = if variant {
        let mut words = Vec::new();
        let mut word = String::new();
        for c in name.chars() {
            if c.is_uppercase() && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        words.push(word);
        words.iter().map(|w| w.to_lowercase()).collect()
    } else {
        name.split('_').map(str::to_string).collect()
    };
    let capitalized = |w: &String| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    match rule {
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "PascalCase" => words.iter().map(capitalized).collect(),
        "camelCase" => {
            let pascal: String = words.iter().map(capitalized).collect();
            let mut c = pascal.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
        "snake_case" => words.join("_"),
        "SCREAMING_SNAKE_CASE" => words.join("_").to_uppercase(),
        "kebab-case" => words.join("-"),
        "SCREAMING-KEBAB-CASE" => words.join("-").to_uppercase(),
        _ => name.to_string(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let container = Serde::read(&input.attrs)?;
    let name = &input.ident;
    let type_name = name.to_string();
    let shape = match &input.data {
        Data::Struct(data) => {
            if container.transparent {
                let field = data
                    .fields
                    .iter()
                    .find(|f| !Serde::read(&f.attrs).map(|s| s.skip).unwrap_or(false))
                    .ok_or_else(|| {
                        syn::Error::new_spanned(name, "a transparent struct needs a field")
                    })?;
                field_shape(&field.ty, name)
            } else {
                fields_shape(
                    &data.fields,
                    &type_name,
                    container.rename_all.as_deref(),
                    container.default,
                    name,
                )?
            }
        }
        Data::Enum(data) => {
            let mut variants = Vec::new();
            for v in &data.variants {
                let attrs = Serde::read(&v.attrs)?;
                if attrs.skip {
                    continue;
                }
                let key = attrs.rename.clone().unwrap_or_else(|| {
                    rename(&v.ident.to_string(), container.rename_all.as_deref(), true)
                });
                let label = format!("{type_name}::{}", v.ident);
                let inner =
                    fields_shape(&v.fields, &label, attrs.rename_all.as_deref(), false, name)?;
                let unit = matches!(v.fields, Fields::Unit);
                let shape = if container.untagged || attrs.untagged {
                    inner
                } else if let Some(tag) = &container.tag {
                    match &container.content {
                        Some(content) => object(
                            &label,
                            &[(tag.clone(), quote!(&::workflow::shape::Shape::String), true)]
                                .into_iter()
                                .chain((!unit).then(|| (content.clone(), inner, true)))
                                .collect::<Vec<_>>(),
                            &[],
                        ),
                        None => {
                            let tag_field =
                                (tag.clone(), quote!(&::workflow::shape::Shape::String), true);
                            let flatten: Vec<TokenStream> =
                                if unit { Vec::new() } else { vec![inner] };
                            object(&label, &[tag_field], &flatten)
                        }
                    }
                } else if unit {
                    quote!(&::workflow::shape::Shape::String)
                } else {
                    object(&label, &[(key, inner, true)], &[])
                };
                variants.push(shape);
            }
            quote!(&::workflow::shape::Shape::OneOf(#type_name, &[#(#variants),*]))
        }
        Data::Union(u) => {
            return Err(syn::Error::new_spanned(
                u.union_token,
                "serde does not derive unions",
            ));
        }
    };
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param
            .bounds
            .push(syn::parse_quote!(::workflow::shape::JsonShape));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::workflow::shape::JsonShape for #name #ty_generics #where_clause {
            const SHAPE: &'static ::workflow::shape::Shape = #shape;
        }
    })
}

/// An object shape from its keys `(key, shape, required)` and flattened members.
fn object(
    name: &str,
    fields: &[(String, TokenStream, bool)],
    flatten: &[TokenStream],
) -> TokenStream {
    let fields = fields.iter().map(|(key, shape, required)| {
        quote!(::workflow::shape::Field { key: #key, shape: #shape, required: #required })
    });
    quote!(&::workflow::shape::Shape::Object(&::workflow::shape::Object {
        name: #name,
        fields: &[#(#fields),*],
        flatten: &[#(#flatten),*],
    }))
}

/// The shape of a struct's (or a variant's) fields as serde writes them.
fn fields_shape(
    fields: &Fields,
    name: &str,
    rename_all: Option<&str>,
    container_default: bool,
    self_ident: &syn::Ident,
) -> syn::Result<TokenStream> {
    Ok(match fields {
        Fields::Unit => quote!(&::workflow::shape::Shape::Null),
        Fields::Unnamed(unnamed) => {
            let kept: Vec<&syn::Field> = unnamed
                .unnamed
                .iter()
                .filter(|f| !Serde::read(&f.attrs).map(|s| s.skip).unwrap_or(false))
                .collect();
            if let [only] = kept.as_slice()
                && unnamed.unnamed.len() == 1
            {
                // A newtype is its content.
                field_shape(&only.ty, self_ident)
            } else {
                let items = kept.iter().map(|f| field_shape(&f.ty, self_ident));
                quote!(&::workflow::shape::Shape::Tuple(&[#(#items),*]))
            }
        }
        Fields::Named(named) => {
            let mut keys = Vec::new();
            let mut flatten = Vec::new();
            for f in &named.named {
                let attrs = Serde::read(&f.attrs)?;
                if attrs.skip {
                    continue;
                }
                let shape = field_shape(&f.ty, self_ident);
                if attrs.flatten {
                    flatten.push(shape);
                    continue;
                }
                let ident = f
                    .ident
                    .as_ref()
                    .map(|i| i.to_string().trim_start_matches("r#").to_string())
                    .unwrap_or_default();
                let key = attrs
                    .rename
                    .clone()
                    .unwrap_or_else(|| rename(&ident, rename_all, false));
                let required = !(attrs.default
                    || container_default
                    || attrs.skip_serializing_if
                    || is_option(&f.ty));
                keys.push((key, shape, required));
            }
            object(name, &keys, &flatten)
        }
    })
}

/// The shape of a field's type; a type that contains the type being derived is unchecked, as
/// its constant would refer to itself.
fn field_shape(ty: &Type, self_ident: &syn::Ident) -> TokenStream {
    if mentions(ty.to_token_stream(), self_ident) {
        return quote!(&::workflow::shape::Shape::Any);
    }
    quote!(<#ty as ::workflow::shape::JsonShape>::SHAPE)
}

fn mentions(tokens: TokenStream, ident: &syn::Ident) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == *ident || i == "Self",
        TokenTree::Group(g) => mentions(g.stream(), ident),
        _ => false,
    })
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

#[cfg(test)]
mod tests {
    use super::rename;

    #[test]
    fn rename_all_follows_serde() {
        assert_eq!(rename("order_id", Some("camelCase"), false), "orderId");
        assert_eq!(rename("order_id", Some("PascalCase"), false), "OrderId");
        assert_eq!(rename("order_id", Some("kebab-case"), false), "order-id");
        assert_eq!(
            rename("order_id", Some("SCREAMING_SNAKE_CASE"), false),
            "ORDER_ID"
        );
        assert_eq!(
            rename("OrderPlaced", Some("snake_case"), true),
            "order_placed"
        );
        assert_eq!(
            rename("OrderPlaced", Some("camelCase"), true),
            "orderPlaced"
        );
        assert_eq!(
            rename("OrderPlaced", Some("kebab-case"), true),
            "order-placed"
        );
        assert_eq!(
            rename("OrderPlaced", Some("lowercase"), true),
            "orderplaced"
        );
        assert_eq!(rename("order_id", None, false), "order_id");
    }
}
