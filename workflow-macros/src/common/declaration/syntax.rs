//! Stage 1 shared by `amplify_app!` and `user_pool!`: tokens → a spanned tree of plain values,
//! with no Amplify or Cognito semantics.
//!
//! ```text
//! input  = outer_doc* vis? IDENT object
//! object = "{" ( key ":" value ","? )* "}"
//! key    = IDENT | STRING
//! value  = STRING | INT | "true" | "false" | IDENT | IDENT "(" ( value ","? )* ")"
//!        | object | "[" ( value ","? )* "]"
//! ```

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Ident, Lit, Visibility};

/// One declaration: its docs, visibility, name and body.
pub struct Declaration {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub name: Ident,
    pub body: Node,
}

/// A value as written, with the tokens it came from.
#[derive(Clone)]
pub struct Node {
    pub kind: Kind,
    pub tokens: TokenStream,
}

#[derive(Clone)]
pub enum Kind {
    Str(String),
    Int(String),
    Bool(bool),
    Ident(String),
    Call(Ident, Vec<Node>),
    Object(Vec<Member>),
    List(Vec<Node>),
}

/// `key: value` in an object.
#[derive(Clone)]
pub struct Member {
    pub key: String,
    pub key_tokens: TokenStream,
    pub value: Node,
}

impl Node {
    /// What the value is, for "expected …, found …" messages.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Str(_) => "a string",
            Kind::Int(_) => "a number",
            Kind::Bool(_) => "a boolean",
            Kind::Ident(_) => "a name",
            Kind::Call(..) => "a call",
            Kind::Object(_) => "`{ … }`",
            Kind::List(_) => "`[ … ]`",
        }
    }
}

/// Reads a declaration.
pub fn declaration(input: ParseStream) -> syn::Result<Declaration> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let name: Ident = input.parse()?;
    let body = node(input)?;
    if !matches!(body.kind, Kind::Object(_)) {
        return Err(syn::Error::new_spanned(
            &body.tokens,
            "expected `{ … }` after the name",
        ));
    }
    if !input.is_empty() {
        return Err(input.error("unexpected tokens after the declaration"));
    }
    Ok(Declaration {
        attrs,
        vis,
        name,
        body,
    })
}

fn node(input: ParseStream) -> syn::Result<Node> {
    let tree: TokenTree = input.parse()?;
    let tokens = tree.to_token_stream();
    let kind = match &tree {
        TokenTree::Literal(literal) => match Lit::new(literal.clone()) {
            Lit::Str(s) => Kind::Str(s.value()),
            Lit::Int(i) => Kind::Int(i.base10_digits().to_string()),
            _ => {
                return Err(syn::Error::new_spanned(
                    &tree,
                    "expected a string or an integer",
                ));
            }
        },
        TokenTree::Ident(ident) if ident == "true" => Kind::Bool(true),
        TokenTree::Ident(ident) if ident == "false" => Kind::Bool(false),
        TokenTree::Ident(ident) => {
            if let Some(TokenTree::Group(group)) = input.cursor().token_tree().map(|(t, _)| t)
                && group.delimiter() == Delimiter::Parenthesis
            {
                let group: proc_macro2::Group = input.parse()?;
                let args = list.parse2(group.stream())?;
                let mut tokens = tokens;
                group.to_tokens(&mut tokens);
                return Ok(Node {
                    kind: Kind::Call(ident.clone(), args),
                    tokens,
                });
            }
            Kind::Ident(ident.to_string())
        }
        TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
            Kind::Object(object.parse2(group.stream())?)
        }
        TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
            Kind::List(list.parse2(group.stream())?)
        }
        _ => {
            return Err(syn::Error::new_spanned(
                &tree,
                "expected a string, a number, true or false, a name, `{ … }` or `[ … ]`",
            ));
        }
    };
    Ok(Node { kind, tokens })
}

fn list(input: ParseStream) -> syn::Result<Vec<Node>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(node(input)?);
        if !input.is_empty() {
            input.parse::<syn::Token![,]>()?;
        }
    }
    Ok(items)
}

fn object(input: ParseStream) -> syn::Result<Vec<Member>> {
    let mut members = Vec::new();
    while !input.is_empty() {
        let key: TokenTree = input.parse()?;
        let name = match &key {
            TokenTree::Ident(i) => i.to_string(),
            TokenTree::Literal(l) => match Lit::new(l.clone()) {
                Lit::Str(s) => s.value(),
                _ => return Err(syn::Error::new_spanned(&key, "expected a field name")),
            },
            _ => return Err(syn::Error::new_spanned(&key, "expected a field name")),
        };
        input.parse::<syn::Token![:]>()?;
        let value = node(input)?;
        members.push(Member {
            key: name,
            key_tokens: key.to_token_stream(),
            value,
        });
        if !input.is_empty() {
            input.parse::<syn::Token![,]>()?;
        }
    }
    Ok(members)
}
