//! Outer docs (`///`) and attributes (`#[express]`, `#[timeout(1h)]`, `#[input(T)]`, …) on the
//! machine and its states.

use super::*;

// ---------------------------------------------------------------------------------------------
// Docs and attributes
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Machine,
    State,
}

pub(super) enum Outer {
    Doc(LitStr),
    Attr(Box<Attr>),
}

/// `outer_doc* attr*`: the docs joined into one string, and the attributes. Errors inside an
/// attribute are collected in `errors`; only a malformed `#` stops the parse.
pub(super) fn parse_outer(
    input: ParseStream,
    place: Place,
    errors: &mut Errors,
) -> Result<(Option<LitStr>, Vec<Attr>)> {
    let mut lines = Vec::new();
    let mut doc_span = None;
    let mut attrs = Vec::new();
    while input.peek(Token![#]) {
        let pound: Token![#] = input.parse()?;
        if place == Place::Machine && input.peek(Token![!]) {
            // `//!` lines arrive as `#![doc = "…"]`.
            input.parse::<Token![!]>()?;
        }
        if !input.peek(token::Bracket) {
            return Err(errors.take_with(err_next_or(input, pound.span, "expected `[` after `#`")));
        }
        let content;
        bracketed!(content in input);
        match parse_attr(&content, place) {
            Ok(Some(Outer::Doc(doc))) => {
                doc_span.get_or_insert(doc.span());
                for line in doc.value().split('\n') {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    lines.push(line.strip_prefix(' ').unwrap_or(line).to_owned());
                }
            }
            Ok(Some(Outer::Attr(attr))) => attrs.push(*attr),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    let docs = doc_span.map(|span| LitStr::new(&lines.join("\n"), span));
    Ok((docs, attrs))
}

/// The inside of `#[…]`.
pub(super) fn parse_attr(input: ParseStream, place: Place) -> Result<Option<Outer>> {
    let Some(name) = next_ident(input) else {
        return Err(err_next(
            input,
            "expected an attribute name, e.g. `#[jsonata]`",
        ));
    };
    let text = name.to_string();
    if text == "doc" {
        if input.peek(Token![=]) && input.peek2(LitStr) {
            input.parse::<Token![=]>()?;
            let doc: LitStr = input.parse()?;
            if input.is_empty() {
                return Ok(Some(Outer::Doc(doc)));
            }
        }
        // `#[doc(hidden)]` and the like: nothing for the workflow.
        let _: TokenStream = input.parse()?;
        return Ok(None);
    }
    let known = match place {
        Place::Machine => MACHINE_ATTRS,
        Place::State => STATE_ATTRS,
    };
    match (place, text.as_str()) {
        (Place::State, "express" | "standard" | "timeout" | "version" | "name") => {
            return Err(Error::new(
                name.span(),
                format!("`#[{text}]` applies to the whole workflow, not to a state"),
            ));
        }
        (Place::Machine, "input" | "output") => {
            return Err(Error::new(
                name.span(),
                format!(
                    "`#[{text}(…)]` belongs on a state; declare the workflow's {text} type as \
                     `Name({text} = Type)`"
                ),
            ));
        }
        _ if !known.contains(&text.as_str()) => {
            return Err(Error::new(
                name.span(),
                format!(
                    "unknown attribute `#[{text}]`; expected one of {}{}",
                    known.join(", "),
                    suggest(&text, known)
                ),
            ));
        }
        _ => {}
    }
    if LINT_ATTRS.contains(&text.as_str()) {
        return parse_lint_level(input, name).map(|attr| Some(Outer::Attr(Box::new(attr))));
    }
    let needs = match text.as_str() {
        "timeout" => "a duration, e.g. `#[timeout(1h)]`",
        "version" => "a string, e.g. `#[version(\"1.0\")]`",
        "name" => "a string, e.g. `#[name(\"orders\")]`",
        "input" | "output" => "a type, e.g. `#[input(Order)]`",
        _ => {
            if !input.is_empty() {
                return Err(err_next(input, format!("`#[{text}]` takes no argument")));
            }
            return Ok(Some(Outer::Attr(Box::new(Attr {
                name,
                arg: None,
                ty: None,
                lints: Vec::new(),
            }))));
        }
    };
    if !input.peek(token::Paren) {
        return Err(err_next_or(
            input,
            name.span(),
            format!("`#[{text}]` takes {needs}"),
        ));
    }
    let content;
    let parens = parenthesized!(content in input);
    if content.is_empty() {
        return Err(Error::new(
            parens.span.join(),
            format!("`#[{text}]` takes {needs}"),
        ));
    }
    let mut attr = Attr {
        name,
        arg: None,
        ty: None,
        lints: Vec::new(),
    };
    match text.as_str() {
        "input" | "output" => attr.ty = Some(content.parse()?),
        "timeout" => attr.arg = Some(parse_duration(&content, &attr.name, "#[timeout(1h)]")?),
        _ => {
            if !content.peek(LitStr) {
                return Err(err_next(&content, format!("`#[{text}]` takes {needs}")));
            }
            attr.arg = Some(Value::Str(content.parse()?));
        }
    }
    if !content.is_empty() {
        return Err(err_next(
            &content,
            format!("expected `)` after the argument of `#[{text}]`"),
        ));
    }
    if !input.is_empty() {
        return Err(err_next(input, format!("expected `]` after `#[{text}(…)`")));
    }
    Ok(Some(Outer::Attr(Box::new(attr))))
}

/// `(lint, …)` after `allow`, `warn` or `deny`: the lints, as identifiers (`no_dollar` for the
/// lint `no-dollar`, as rustc spells `unused_variables`). Whether they are lints is the
/// lowering's business.
fn parse_lint_level(input: ParseStream, name: Ident) -> Result<Attr> {
    let text = name.to_string();
    let needs = format!("`#[{text}]` takes lint names, e.g. `#[{text}(no_dollar)]`");
    if !input.peek(token::Paren) {
        return Err(err_next_or(input, name.span(), needs));
    }
    let content;
    let parens = parenthesized!(content in input);
    let mut lints = Vec::new();
    while !content.is_empty() {
        let Some(lint) = next_ident(&content) else {
            return Err(err_next(&content, needs));
        };
        lints.push(lint);
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            return Err(err_next(
                &content,
                "expected `,` or `)` after the lint name",
            ));
        }
        content.parse::<Token![,]>()?;
    }
    if lints.is_empty() {
        return Err(Error::new(parens.span.join(), needs));
    }
    if !input.is_empty() {
        return Err(err_next(input, format!("expected `]` after `#[{text}(…)`")));
    }
    Ok(Attr {
        name,
        arg: None,
        ty: None,
        lints,
    })
}

/// `( input = Type, output = Type )` after the workflow's name.
pub(super) fn parse_data_types(input: ParseStream) -> Result<(Option<Type>, Option<Type>)> {
    let content;
    let parens = parenthesized!(content in input);
    let expected = "expected `input = Type` or `output = Type`";
    if content.is_empty() {
        return Err(Error::new(parens.span.join(), expected));
    }
    let (mut input_ty, mut output_ty) = (None, None);
    while !content.is_empty() {
        let Some(key) = next_ident(&content) else {
            return Err(err_next(&content, expected));
        };
        let slot = match key.to_string().as_str() {
            "input" => &mut input_ty,
            "output" => &mut output_ty,
            other => {
                return Err(Error::new(
                    key.span(),
                    format!(
                        "{expected}, found `{other}`{}",
                        suggest(other, &["input", "output"])
                    ),
                ));
            }
        };
        if !content.peek(Token![=]) {
            return Err(err_next_or(
                &content,
                key.span(),
                format!("expected `=` and a type after `{key}`"),
            ));
        }
        content.parse::<Token![=]>()?;
        let ty: Type = content.parse()?;
        set_once(slot, &key, ty)?;
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            return Err(err_next(&content, "expected `,` or `)` after the type"));
        }
        content.parse::<Token![,]>()?;
    }
    Ok((input_ty, output_ty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn docs_and_attributes() {
        let m = parse(
            "/// One.\n///\n///   Indented.\n#[standard] #[jsonpath] W {\n\
             /** Block. */ #[jsonpath] #[output(Vec<u8>)] A: pass }",
        );
        assert_eq!(
            m.docs.as_ref().map(LitStr::value).as_deref(),
            Some("One.\n\n  Indented.")
        );
        assert_eq!(m.attrs.len(), 2);
        let a = state(&m, "A");
        assert_eq!(
            a.docs.as_ref().map(LitStr::value).as_deref(),
            Some("Block. ")
        );
        assert_eq!(a.attrs[1].name, "output");
        assert!(a.attrs[1].ty.is_some());
        // Other doc forms are ignored.
        let m = parse("#[doc(hidden)] W { A: pass }");
        assert!(m.docs.is_none() && m.attrs.is_empty());
    }

    #[test]
    fn machine_header_forms() {
        let m = parse("W { A: pass }");
        assert!(matches!(m.vis, syn::Visibility::Inherited));
        assert!(m.input.is_none() && m.output.is_none() && m.docs.is_none());
        let m = parse("pub(crate) W(output = Vec<Receipt>) { }");
        assert!(matches!(m.vis, syn::Visibility::Restricted(_)));
        assert!(m.input.is_none() && m.output.is_some());
        assert!(m.states.is_empty());
        let m = parse("W(output = R, input = I,) { A: pass, }");
        assert!(m.input.is_some() && m.output.is_some());
    }
}
