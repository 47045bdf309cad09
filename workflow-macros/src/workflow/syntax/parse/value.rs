//! Values: literals, words, intrinsic calls, objects and arrays.

use super::*;

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

pub(super) fn parse_value(input: ParseStream) -> Result<Value> {
    let _depth = Depth::enter(input)?;
    let cursor = input.cursor();
    if let Some((punct, _)) = cursor.punct() {
        match punct.as_char() {
            '$' => return parse_path(input),
            '-' => return parse_negative(input),
            _ => {}
        }
    }
    if cursor.literal().is_some() {
        let literal = input.step(|cursor| {
            cursor
                .literal()
                .ok_or_else(|| cursor.error("expected a literal"))
        })?;
        return literal_value(literal, None);
    }
    if let Some((ident, rest)) = cursor.ident() {
        match ident.to_string().as_str() {
            "true" | "false" => {
                input.parse::<TokenTree>()?;
                return Ok(Value::Bool {
                    value: ident == "true",
                    tokens: ident.to_token_stream(),
                });
            }
            "null" => {
                input.parse::<TokenTree>()?;
                return Ok(Value::Null(ident.to_token_stream()));
            }
            _ => {}
        }
        if call_follows(rest) {
            return parse_call(input).map(Value::Call);
        }
        return parse_word(input);
    }
    if input.peek(token::Brace) {
        return parse_object(input);
    }
    if input.peek(token::Bracket) {
        return parse_array(input);
    }
    Err(err_next(input, EXPECTED_VALUE))
}

/// A literal (after an optional `-`) as a value.
pub(super) fn literal_value(literal: Literal, minus: Option<Punct>) -> Result<Value> {
    let mut tokens = TokenStream::new();
    if let Some(minus) = &minus {
        tokens.extend(std::iter::once(TokenTree::Punct(minus.clone())));
    }
    tokens.extend(std::iter::once(TokenTree::Literal(literal.clone())));
    let sign = if minus.is_some() { "-" } else { "" };
    match Lit::new(literal) {
        Lit::Int(int) => match int.suffix() {
            "" => Ok(Value::Number {
                text: format!("{sign}{}", int.base10_digits()),
                tokens,
            }),
            unit @ ("s" | "m" | "h" | "d") => {
                if minus.is_some() {
                    return Err(Error::new_spanned(&tokens, "a duration cannot be negative"));
                }
                let factor: u64 = match unit {
                    "s" => 1,
                    "m" => 60,
                    "h" => 3_600,
                    _ => 86_400,
                };
                let seconds = int
                    .base10_parse::<u64>()
                    .ok()
                    .and_then(|n| n.checked_mul(factor));
                match seconds {
                    Some(seconds) => Ok(Value::Duration { seconds, tokens }),
                    None => Err(Error::new_spanned(
                        &tokens,
                        format!("the duration `{int}` is too large"),
                    )),
                }
            }
            unit => Err(Error::new_spanned(
                &tokens,
                format!(
                    "unknown unit `{unit}` in `{int}`; a duration is a whole number of s, m, h or d"
                ),
            )),
        },
        Lit::Float(float) => match float.suffix() {
            "" => Ok(Value::Number {
                text: format!("{sign}{}", float.base10_digits()),
                tokens,
            }),
            "s" | "m" | "h" | "d" => Err(Error::new_spanned(
                &tokens,
                format!("a duration is a whole number, e.g. `90s`, not `{float}`"),
            )),
            unit => Err(Error::new_spanned(
                &tokens,
                format!("unexpected suffix `{unit}` on the number `{float}`"),
            )),
        },
        _ if minus.is_some() => Err(Error::new_spanned(&tokens, "expected a number after `-`")),
        Lit::Str(text) if text.suffix().is_empty() => Ok(Value::Str(text)),
        Lit::Char(_) => Err(Error::new_spanned(
            &tokens,
            "strings are written in double quotes: `\"…\"`",
        )),
        _ => Err(Error::new_spanned(&tokens, EXPECTED_VALUE)),
    }
}

/// `-1`, `-2.5`.
pub(super) fn parse_negative(input: ParseStream) -> Result<Value> {
    let Some(minus) = take_punct(input, '-') else {
        return Err(err_next(input, EXPECTED_VALUE));
    };
    match input.step(|cursor| cursor.literal().ok_or_else(|| cursor.error(""))) {
        Ok(literal) => literal_value(literal, Some(minus)),
        Err(_) => Err(Error::new(minus.span(), "expected a number after `-`")),
    }
}

/// `IDENT ( "::" IDENT )*` as a value.
pub(super) fn parse_word(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let Some(first) = next_ident(input) else {
        return Err(err_next(input, EXPECTED_VALUE));
    };
    let mut words = vec![first.unraw()];
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        let Some(word) = next_ident(input) else {
            return Err(err_next(input, "expected a name after `::`"));
        };
        words.push(word.unraw());
    }
    Ok(Value::Word {
        words,
        tokens: tokens_since(start, input),
    })
}

/// `name(args…)` or `States.Name(args…)`.
pub(super) fn parse_call(input: ParseStream) -> Result<Call> {
    let start = input.cursor();
    let Some(first) = next_ident(input) else {
        return Err(err_next(input, "expected the name of a function"));
    };
    let mut name = first.unraw().to_string();
    while input.peek(Token![.]) && !input.peek(Token![..]) {
        let dot: Token![.] = input.parse()?;
        let Some(part) = next_ident(input) else {
            return Err(err_next_or(
                input,
                dot.spans[0],
                "expected a name after `.`",
            ));
        };
        name.push('.');
        name.push_str(&part.unraw().to_string());
    }
    let name_tokens = tokens_since(start, input);
    if !input.peek(token::Paren) {
        return Err(err_next(
            input,
            format!("expected `(` and the arguments of `{name}`"),
        ));
    }
    let content;
    parenthesized!(content in input);
    let args = parse_list(&content, "`)` after the argument")?;
    Ok(Call {
        name,
        name_tokens,
        args,
        tokens: tokens_since(start, input),
    })
}

/// `( value "," )*` to the end of `input`, a trailing comma allowed.
pub(super) fn parse_list(input: ParseStream, closing: &str) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(parse_value(input)?);
        if input.is_empty() {
            break;
        }
        if !input.peek(Token![,]) {
            return Err(err_next(input, format!("expected `,` or {closing}")));
        }
        input.parse::<Token![,]>()?;
    }
    Ok(items)
}

/// `{ ( ( STRING | IDENT ) ":" value "," )* }`.
pub(super) fn parse_object(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let content;
    braced!(content in input);
    let mut members = Vec::new();
    while !content.is_empty() {
        let key_start = content.cursor();
        let key = if content.peek(LitStr) {
            content.parse::<LitStr>()?.value()
        } else if let Some(ident) = next_ident(&content) {
            ident.unraw().to_string()
        } else {
            return Err(err_next(
                &content,
                "expected a key: a name or a string in double quotes",
            ));
        };
        let key_tokens = tokens_since(key_start, &content);
        if !is_colon(&content) {
            let span = key_start.span();
            return Err(err_next_or(
                &content,
                span,
                format!("expected `:` after the key `{key}`"),
            ));
        }
        content.parse::<Token![:]>()?;
        let value = parse_value(&content)?;
        members.push((key, key_tokens, value));
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            let (key, _, _) = &members[members.len() - 1];
            return Err(err_next(
                &content,
                format!("expected `,` or `}}` after the value of `{key}`"),
            ));
        }
        content.parse::<Token![,]>()?;
    }
    Ok(Value::Object {
        members,
        tokens: tokens_since(start, input),
    })
}

/// `[ ( value "," )* ]`.
pub(super) fn parse_array(input: ParseStream) -> Result<Value> {
    let start = input.cursor();
    let content;
    bracketed!(content in input);
    let items = parse_list(&content, "`]` after the item")?;
    Ok(Value::Array {
        items,
        tokens: tokens_since(start, input),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn value_forms() {
        let cases = [
            ("$", "$"),
            ("\"text\"", "\"text\""),
            ("r#\"raw \"quoted\"\"#", "\"raw \\\"quoted\\\"\""),
            ("42", "42"),
            ("1_000", "1000"),
            ("2.5", "2.5"),
            ("-1", "-1"),
            ("-0.5", "-0.5"),
            ("30s", "30s"),
            ("true", "true"),
            ("false", "false"),
            ("null", "null"),
            ("{ }", "{}"),
            ("{ \"a b\": 1, c: [], }", "{a b: 1, c: []}"),
            ("[1, \"two\", $.three, [4],]", "[1, \"two\", $.three, [4]]"),
            ("format(\"order {}\", $.id)", "format(\"order {}\", $.id)"),
            ("States.Format(\"{}\", $.id)", "States.Format(\"{}\", $.id)"),
            ("States.Array()", "States.Array()"),
            ("uuid()", "uuid()"),
            ("distributed", "distributed"),
            ("s3::get_object", "s3::get_object"),
            (
                "aws_sdk::s3::list_objects_v2",
                "aws_sdk::s3::list_objects_v2",
            ),
            (
                "{ Input: $, \"Key\": { nested: $$.Execution.Id } }",
                "{Input: $, Key: {nested: $$.Execution.Id}}",
            ),
        ];
        for (src, expected) in cases {
            assert_eq!(show(&value(src)), expected, "for {src}");
        }
    }

    #[test]
    fn value_tokens() {
        let Value::Call(call) = value("States.Format(\"{}\", $.id)") else {
            panic!()
        };
        assert_eq!(call.name, "States.Format");
        assert_eq!(count(&call.name_tokens), 3);
        assert_eq!(count(&call.tokens), 4);
        let Value::Object { members, tokens } = value("{ a: 1, \"b\": 2 }") else {
            panic!()
        };
        assert_eq!(count(&tokens), 1);
        assert_eq!(count(&members[0].1), 1);
        assert_eq!(members[1].0, "b");
        let Value::Number { text, tokens } = value("-7") else {
            panic!()
        };
        assert_eq!((text.as_str(), count(&tokens)), ("-7", 2));
        assert_eq!(count(&value("$.a[0]").tokens()), 4);
    }
}
