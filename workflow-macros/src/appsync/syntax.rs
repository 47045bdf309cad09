//! Stage 1 of `graphql_api!`: tokens → a spanned tree of arguments, without meaning.
//!
//! The declaration is `#[doc]* vis Name { key: arg, … }`, where an argument is a string, an
//! integer, `true`/`false`, a list `[arg, …]`, a map `{ key: arg (=> arg)?, … }` (keys may be
//! paths such as `Query.order`), or a word with optional call arguments and an optional map
//! (`param("UserPoolId")`, `API_KEY { expires_in_days: 30 }`, `none`). Stage 2 gives them
//! meaning.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{
    Attribute, Ident, LitBool, LitInt, LitStr, Result, Token, Visibility, braced, bracketed,
    parenthesized, token,
};

/// How deeply arguments may nest before the parser gives up.
const MAX_DEPTH: usize = 16;

/// The whole declaration.
pub struct ApiDecl {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub name: Ident,
    pub entries: Vec<Entry>,
}

/// `key: value` or `key: value => code` in a map.
pub struct Entry {
    /// The key, as written (`schema`, `Orders`, `Query.order`).
    pub key: Vec<Ident>,
    pub value: Arg,
    /// What follows `=>` (resolver and function code).
    pub code: Option<Arg>,
}

impl Entry {
    /// The key's text, with `.` between its parts.
    pub fn key_text(&self) -> String {
        self.key
            .iter()
            .map(Ident::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The key's tokens, to point at.
    pub fn key_tokens(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for (i, ident) in self.key.iter().enumerate() {
            if i > 0 {
                <Token![.]>::default().to_tokens(&mut out);
            }
            ident.to_tokens(&mut out);
        }
        out
    }
}

/// An argument and the tokens it was read from.
pub struct Arg {
    pub kind: ArgKind,
    pub tokens: TokenStream,
}

pub enum ArgKind {
    Str(LitStr),
    Int(LitInt),
    Bool(LitBool),
    List(Vec<Arg>),
    Map(Vec<Entry>),
    /// `word`, `word(args)`, `word { map }` or `word(args) { map }`.
    Word {
        word: Ident,
        args: Option<Vec<Arg>>,
        map: Option<Vec<Entry>>,
    },
}

impl Parse for ApiDecl {
    fn parse(input: ParseStream) -> Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let name: Ident = input.parse()?;
        if !input.peek(token::Brace) {
            return Err(
                input.error("expected `{` with the API's schema, auth, data sources and resolvers")
            );
        }
        let content;
        braced!(content in input);
        let entries = parse_entries(&content, 0)?;
        if !input.is_empty() {
            return Err(input.error("expected the end of the API declaration"));
        }
        Ok(ApiDecl {
            attrs,
            vis,
            name,
            entries,
        })
    }
}

fn parse_entries(input: ParseStream, depth: usize) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    while !input.is_empty() {
        let mut key = vec![input.call(Ident::parse_any)?];
        while input.peek(Token![.]) {
            input.parse::<Token![.]>()?;
            key.push(input.call(Ident::parse_any)?);
        }
        input.parse::<Token![:]>()?;
        let value = parse_arg(input, depth + 1)?;
        let code = if input.peek(Token![=>]) {
            input.parse::<Token![=>]>()?;
            Some(parse_arg(input, depth + 1)?)
        } else {
            None
        };
        entries.push(Entry { key, value, code });
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(entries)
}

fn parse_arg(input: ParseStream, depth: usize) -> Result<Arg> {
    if depth > MAX_DEPTH {
        return Err(input.error("the declaration nests too deeply"));
    }
    let fork = input.fork();
    let kind = if input.peek(LitStr) {
        ArgKind::Str(input.parse()?)
    } else if input.peek(LitInt) {
        ArgKind::Int(input.parse()?)
    } else if input.peek(LitBool) {
        ArgKind::Bool(input.parse()?)
    } else if input.peek(token::Bracket) {
        let content;
        bracketed!(content in input);
        ArgKind::List(parse_list(&content, depth)?)
    } else if input.peek(token::Brace) {
        let content;
        braced!(content in input);
        ArgKind::Map(parse_entries(&content, depth + 1)?)
    } else if input.peek(Ident::peek_any) {
        let word = input.call(Ident::parse_any)?;
        let args = if input.peek(token::Paren) {
            let content;
            parenthesized!(content in input);
            Some(parse_list(&content, depth)?)
        } else {
            None
        };
        let map = if input.peek(token::Brace) {
            let content;
            braced!(content in input);
            Some(parse_entries(&content, depth + 1)?)
        } else {
            None
        };
        ArgKind::Word { word, args, map }
    } else {
        return Err(input.error(
            "expected a value: a string, a number, `true`, `false`, `[ … ]`, `{ … }` or a word such as `param(\"Name\")`",
        ));
    };
    let tokens = tokens_between(&fork, input);
    Ok(Arg { kind, tokens })
}

/// `arg, arg, …` with an optional trailing comma.
fn parse_list(input: ParseStream, depth: usize) -> Result<Vec<Arg>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(parse_arg(input, depth + 1)?);
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(items)
}

/// The tokens `start` has that `end` has not (what was just parsed).
fn tokens_between(start: ParseStream, end: ParseStream) -> TokenStream {
    let stop = end.cursor();
    let mut cursor = start.cursor();
    let mut out = TokenStream::new();
    while cursor != stop {
        match cursor.token_tree() {
            Some((tree, next)) => {
                out.extend([tree]);
                cursor = next;
            }
            None => break,
        }
    }
    out
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> Result<Self> {
        parse_arg(input, 0)
    }
}
