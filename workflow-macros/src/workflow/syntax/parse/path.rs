//! Paths (`$.a.b[0]`, `$$.Execution.Id`, `$var.x`, selectors in `[…]`), reassembled as
//! JSONPath text.

use super::*;

/// `path = "$" ( "$" | IDENT )? accessor*`, reassembled as ASL text.
pub(super) fn parse_path(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let mut text = String::from("$");
    take_punct(input, '$');
    if take_punct(input, '$').is_some() {
        text.push('$');
    } else if let Some(variable) = next_ident(input) {
        text.push_str(&variable.unraw().to_string());
    }
    loop {
        if input.peek(Token![..]) && !input.peek(Token![...]) && !input.peek(Token![..=]) {
            let dots: Token![..] = input.parse()?;
            text.push_str("..");
            if let Some(field) = next_ident(input) {
                text.push_str(&field.unraw().to_string());
            } else if take_punct(input, '*').is_some() {
                text.push('*');
            } else if !input.peek(token::Bracket) {
                return Err(err_next_or(
                    input,
                    dots.spans[1],
                    "expected a field name after `..` in the path",
                ));
            }
        } else if input.peek(Token![.]) {
            let dot: Token![.] = input.parse()?;
            text.push('.');
            if let Some(field) = next_ident(input) {
                text.push_str(&field.unraw().to_string());
            } else if take_punct(input, '*').is_some() {
                text.push('*');
            } else if let Some(index) = path_index(input) {
                text.push_str(&index);
            } else {
                return Err(err_next_or(
                    input,
                    dot.spans[0],
                    "expected a field name after `.` in the path",
                ));
            }
        } else if input.peek(token::Bracket) {
            let content;
            let brackets = bracketed!(content in input);
            let inner: TokenStream = content.parse()?;
            if inner.is_empty() {
                return Err(Error::new(
                    brackets.span.join(),
                    "expected an index, a quoted name, `*` or a filter inside `[]`",
                ));
            }
            text.push('[');
            render_selector(inner, &mut text)?;
            text.push(']');
        } else {
            break;
        }
    }
    // `$.detail-type` reads as `$.detail` minus `type`; a DSL value has no arithmetic, so it is
    // a key with a hyphen, which only the bracket form can hold.
    if input.peek(Token![-])
        && let Some(dot) = text.rfind('.')
        && text[dot + 1..]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_')
    {
        let fork = input.fork();
        fork.parse::<Token![-]>()?;
        if let Some(rest) = next_ident(&fork) {
            let key = format!("{}-{rest}", &text[dot + 1..]);
            let path = tokens_since(start, &fork);
            return Err(Error::new_spanned(
                path,
                format!(
                    "`{key}` has a hyphen, which a dotted path cannot hold\n  = help: write \
                     the key in brackets: `{}[\"{key}\"]`",
                    &text[..dot]
                ),
            ));
        }
    }
    Ok(Value::Path {
        text,
        tokens: tokens_since(start, input),
    })
}

/// `0` in `$.a.0` (or `0.1`, which Rust lexes as one float), consumed.
pub(super) fn path_index(input: ParseStream) -> Option<String> {
    input
        .step(|cursor| match cursor.literal() {
            Some((literal, rest)) => {
                let text = literal.to_string();
                if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                    Ok((text, rest))
                } else {
                    Err(cursor.error(""))
                }
            }
            None => Err(cursor.error("")),
        })
        .ok()
}

/// The inside of `[…]` in a path, as JSONPath text: strings become single-quoted names,
/// comparison operators get a space on each side, everything else is joined without spaces.
pub(super) fn render_selector(tokens: TokenStream, out: &mut String) -> Result<()> {
    let mut word_before = false;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident) => {
                if word_before {
                    out.push(' ');
                }
                out.push_str(&ident.unraw().to_string());
                word_before = true;
            }
            TokenTree::Literal(literal) => {
                if word_before {
                    out.push(' ');
                }
                match Lit::new(literal.clone()) {
                    Lit::Str(text) => quote_single(&text.value(), out),
                    Lit::Char(ch) => quote_single(&ch.value().to_string(), out),
                    Lit::Int(_) | Lit::Float(_) => out.push_str(&literal.to_string()),
                    _ => {
                        return Err(Error::new(
                            literal.span(),
                            "expected an index, a quoted name, `*` or a filter inside `[]`",
                        ));
                    }
                }
                word_before = true;
            }
            TokenTree::Punct(punct) => {
                let mut run = String::from(punct.as_char());
                let mut spacing = punct.spacing();
                while spacing == Spacing::Joint {
                    match trees.peek() {
                        Some(TokenTree::Punct(next)) => {
                            run.push(next.as_char());
                            spacing = next.spacing();
                            trees.next();
                        }
                        _ => break,
                    }
                }
                push_operators(&run, out);
                word_before = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                    Delimiter::Brace => {
                        return Err(Error::new(
                            group.span_open(),
                            "unexpected `{` in a path; write a filter as `[?(@.x > 1)]`",
                        ));
                    }
                };
                out.push_str(open);
                render_selector(group.stream(), out)?;
                out.push_str(close);
                word_before = false;
            }
        }
    }
    Ok(())
}

/// A run of joined punctuation, with spaces around the operators in it.
pub(super) fn push_operators(run: &str, out: &mut String) {
    let mut rest = run;
    while let Some(ch) = rest.chars().next() {
        let two = rest
            .get(..2)
            .filter(|pair| ["==", "!=", "<=", ">=", "&&", "||", "=~"].contains(pair));
        let (op, spaced) = match two {
            Some(pair) => (pair, true),
            None => (&rest[..ch.len_utf8()], ch == '<' || ch == '>'),
        };
        if spaced {
            out.push(' ');
            out.push_str(op);
            out.push(' ');
        } else {
            out.push_str(op);
        }
        rest = &rest[op.len()..];
    }
}

pub(super) fn quote_single(text: &str, out: &mut String) {
    out.push('\'');
    for ch in text.chars() {
        if ch == '\'' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn paths() {
        let cases = [
            ("$", "$"),
            ("$.a.b", "$.a.b"),
            ("$.a[0]", "$.a[0]"),
            ("$.a[0][\"x y\"]", "$.a[0]['x y']"),
            ("$[\"it's\"]", "$['it\\'s']"),
            ("$.a[*]", "$.a[*]"),
            ("$.a.*", "$.a.*"),
            ("$..x", "$..x"),
            ("$..[0]", "$..[0]"),
            ("$.a[?(@.x > 1)]", "$.a[?(@.x > 1)]"),
            ("$.a[?(@.x>=1&&@.y=='z')]", "$.a[?(@.x >= 1 && @.y == 'z')]"),
            ("$.a[?(@.name == \"n\")]", "$.a[?(@.name == 'n')]"),
            ("$.a[-1:]", "$.a[-1:]"),
            ("$.a[0:2]", "$.a[0:2]"),
            ("$.a[0,1]", "$.a[0,1]"),
            ("$$", "$$"),
            ("$$.Execution.Id", "$$.Execution.Id"),
            ("$$.Map.Item.Value", "$$.Map.Item.Value"),
            ("$total", "$total"),
            ("$total.x", "$total.x"),
            ("$states.input", "$states.input"),
            ("$.type", "$.type"),
            ("$.match.Type", "$.match.Type"),
            ("$.r#type", "$.type"),
            ("$.a.0", "$.a.0"),
            ("$.a.0.1", "$.a.0.1"),
            ("$ . a", "$.a"),
        ];
        for (src, expected) in cases {
            assert_eq!(path(src), expected, "for {src}");
        }
    }

    #[test]
    fn path_ends_where_the_grammar_continues() {
        // The catcher's path stops at `=>`, a comparison's path at the operator.
        let m = parse("W { A: pass { catch: [States.ALL] result_path $.e[0] => A } }");
        let c = &catchers(body(&state(&m, "A").kind))[0];
        assert_eq!(c.result_path.as_ref().map(show).as_deref(), Some("$.e[0]"));
        assert_eq!(cond("$.a[0]<$.b"), "($.a[0] < $.b)");
    }
}
