//! Choice arms and their conditions: `&&`, `||`, `!`, comparisons, tests and JSONata conditions.

use super::*;

// ---------------------------------------------------------------------------------------------
// Choice arms and conditions
// ---------------------------------------------------------------------------------------------

pub(super) fn parse_arms(input: ParseStream) -> Result<Vec<ChoiceArm>> {
    let mut errors = Errors::default();
    let mut arms = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        match parse_arm(input) {
            Ok(arm) => {
                arms.push(arm);
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                } else if !input.is_empty() {
                    let here = input.cursor();
                    errors.push(err_next(input, "expected `,` after the choice arm"));
                    recover(input, here, Boundary::Arm);
                }
            }
            Err(error) => {
                errors.push(error);
                recover(input, start, Boundary::Arm);
            }
        }
    }
    errors.finish(arms)
}

/// `cond ( assign V | output V )* => IDENT`, or `_ … => IDENT`.
pub(super) fn parse_arm(input: ParseStream) -> Result<ChoiceArm> {
    let docs = parse_entry_docs(input)?;
    let start = input.cursor();
    let cond = if input.peek(Token![_]) {
        input.parse::<Token![_]>()?;
        None
    } else {
        Some(parse_cond(input)?)
    };
    let (mut assign, mut output) = (None, None);
    while let Some(option) = peek_ident(input) {
        let slot = match option.to_string().as_str() {
            "assign" => &mut assign,
            "output" => &mut output,
            _ => break,
        };
        input.parse::<TokenTree>()?;
        let value = parse_value(input)?;
        set_once(slot, &option, value)?;
    }
    if !input.peek(Token![=>]) {
        let after = if cond.is_some() {
            "the condition"
        } else {
            "`_`"
        };
        return Err(err_next(
            input,
            format!("expected `=>` and the target state after {after}"),
        ));
    }
    input.parse::<Token![=>]>()?;
    let next = target_state(input)?;
    Ok(ChoiceArm {
        docs,
        cond,
        assign,
        output,
        next,
        tokens: tokens_since(start, input),
    })
}

/// `or = and ( "||" and )*`.
pub(super) fn parse_cond(input: ParseStream) -> Result<Cond> {
    let start = input.cursor();
    let first = parse_and(input)?;
    if !input.peek(Token![||]) {
        return Ok(first);
    }
    let mut items = vec![first];
    while input.peek(Token![||]) {
        input.parse::<Token![||]>()?;
        items.push(parse_and(input)?);
    }
    Ok(Cond::Or(items, tokens_since(start, input)))
}

/// `and = unary ( "&&" unary )*`.
pub(super) fn parse_and(input: ParseStream) -> Result<Cond> {
    let start = input.cursor();
    let first = parse_unary(input)?;
    if !input.peek(Token![&&]) {
        return Ok(first);
    }
    let mut items = vec![first];
    while input.peek(Token![&&]) {
        input.parse::<Token![&&]>()?;
        items.push(parse_unary(input)?);
    }
    Ok(Cond::And(items, tokens_since(start, input)))
}

/// `unary = "!" unary | "(" cond ")" | compare | call | expr_string`.
pub(super) fn parse_unary(input: ParseStream) -> Result<Cond> {
    let _depth = Depth::enter(input)?;
    let start = input.cursor();
    if input.peek(Token![!]) && !input.peek(Token![!=]) {
        input.parse::<Token![!]>()?;
        let inner = parse_unary(input)?;
        return Ok(Cond::Not(Box::new(inner), tokens_since(start, input)));
    }
    if input.peek(token::Paren) {
        let content;
        let parens = parenthesized!(content in input);
        if content.is_empty() {
            return Err(Error::new(
                parens.span.join(),
                "expected a condition inside the parentheses",
            ));
        }
        let cond = parse_cond(&content)?;
        if !content.is_empty() {
            return Err(err_next(
                &content,
                "expected `&&`, `||` or `)` after the condition",
            ));
        }
        return Ok(cond);
    }
    if input.is_empty() || input.peek(Token![=>]) || input.peek(Token![,]) {
        return Err(err_next(input, "expected a condition"));
    }
    let left = parse_value(input)?;
    if let Some((op, op_tokens)) = parse_compare_op(input) {
        let right = parse_value(input)?;
        return Ok(Cond::Compare {
            left,
            op,
            op_tokens,
            right,
            tokens: tokens_since(start, input),
        });
    }
    match left {
        Value::Call(call) => Ok(Cond::Call(call)),
        Value::Str(text) if is_jsonata(&text) => Ok(Cond::Jsonata(text)),
        Value::Str(text) => Err(Error::new(
            text.span(),
            "a string condition must be a JSONata expression `\"{% … %}\"`",
        )),
        _ if input.peek(Token![=]) && !input.peek(Token![=>]) => {
            Err(err_next(input, "use `==` to compare"))
        }
        other => Err(Error::new_spanned(
            other.tokens(),
            "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after this value, or a \
             test like `is_present($.x)`",
        )),
    }
}

pub(super) fn is_jsonata(text: &LitStr) -> bool {
    let value = text.value();
    let value = value.trim();
    value.starts_with("{%") && value.ends_with("%}")
}

/// A comparison operator, consumed, with its tokens.
pub(super) fn parse_compare_op(input: ParseStream) -> Option<(CompareOp, TokenStream)> {
    let start = input.cursor();
    let op = if input.peek(Token![==]) {
        input.parse::<Token![==]>().ok()?;
        CompareOp::Eq
    } else if input.peek(Token![!=]) {
        input.parse::<Token![!=]>().ok()?;
        CompareOp::Ne
    } else if input.peek(Token![<=]) {
        input.parse::<Token![<=]>().ok()?;
        CompareOp::Le
    } else if input.peek(Token![>=]) {
        input.parse::<Token![>=]>().ok()?;
        CompareOp::Ge
    } else if input.peek(Token![<]) {
        input.parse::<Token![<]>().ok()?;
        CompareOp::Lt
    } else if input.peek(Token![>]) {
        input.parse::<Token![>]>().ok()?;
        CompareOp::Gt
    } else {
        return None;
    };
    Some((op, tokens_since(start, input)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn condition_precedence() {
        let cases = [
            ("$.a == 1", "($.a == 1)"),
            ("$.a != \"x\"", "($.a != \"x\")"),
            ("$.a <= $.b", "($.a <= $.b)"),
            ("$.a >= -1.5", "($.a >= -1.5)"),
            (
                "$.a > 1 || $.b < 2 && $.c == 3",
                "(or ($.a > 1) (and ($.b < 2) ($.c == 3)))",
            ),
            (
                "$.a > 1 && $.b < 2 || $.c == 3",
                "(or (and ($.a > 1) ($.b < 2)) ($.c == 3))",
            ),
            (
                "($.a > 1 || $.b < 2) && $.c == 3",
                "(and (or ($.a > 1) ($.b < 2)) ($.c == 3))",
            ),
            ("!$.a == 1 && $.b == 2", "(and (not ($.a == 1)) ($.b == 2))"),
            ("!!is_present($.x)", "(not (not is_present($.x)))"),
            (
                "!($.a == 1 || $.b == 2)",
                "(not (or ($.a == 1) ($.b == 2)))",
            ),
            (
                "$.a == 1 && $.b == 2 && $.c == 3",
                "(and ($.a == 1) ($.b == 2) ($.c == 3))",
            ),
            ("((($.a == true)))", "($.a == true)"),
            (
                "$.ts < timestamp(\"2026-01-01T00:00:00Z\")",
                "($.ts < timestamp(\"2026-01-01T00:00:00Z\"))",
            ),
            ("number($.s) > 5", "(number($.s) > 5)"),
            ("$.x == null", "($.x == null)"),
            ("matches($.name, \"log-*\")", "matches($.name, \"log-*\")"),
            (
                "\"{% $states.input.ok %}\"",
                "jsonata \"{% $states.input.ok %}\"",
            ),
            (
                "is_present($.a) && \"{% true %}\"",
                "(and is_present($.a) jsonata \"{% true %}\")",
            ),
            ("$total > $.limit", "($total > $.limit)"),
        ];
        for (src, shape) in cases {
            assert_eq!(cond(src), shape, "for {src}");
        }
    }

    #[test]
    fn choice_arms() {
        let arms =
            arms("$.a == 1 output $.x => A, $.b == 2 assign { y: 1 } => B, _ assign { z: 2 } => C");
        assert_eq!(arms.len(), 3);
        assert!(arms[2].cond.is_none());
        assert_eq!(arms[2].assign.as_ref().map(show).as_deref(), Some("{z: 2}"));
        assert_eq!(arms[0].output.as_ref().map(show).as_deref(), Some("$.x"));
        // The arm's tokens run from its first token to the target.
        assert_eq!(count(&arms[0].tokens), 13);
        let Some(Cond::Compare {
            op_tokens, tokens, ..
        }) = &arms[0].cond
        else {
            panic!()
        };
        assert_eq!(count(op_tokens), 2);
        assert_eq!(count(tokens), 6);
    }
}
