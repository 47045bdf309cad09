//! Error handling in a body: `retry` and `catch` entries, their error lists, options and targets.

use super::*;

/// `error_list ( every D | x N | backoff F | max_delay D | jitter full|none )*`.
pub(super) fn parse_retrier(input: ParseStream, keyword: Ident) -> Result<Retrier> {
    let (errors, errors_span) = parse_error_list(input, "retry")?;
    let mut retrier = Retrier {
        docs: None,
        keyword,
        errors,
        errors_span,
        interval: None,
        max_attempts: None,
        backoff: None,
        max_delay: None,
        jitter: None,
    };
    while !input.is_empty() && !input.peek(Token![,]) {
        let Some(option) = next_ident(input) else {
            return Err(err_next(
                input,
                "expected a retry option (`every 1s`, `x3`, `backoff 2.0`, `max_delay 30s`, \
                 `jitter full`) or `,`",
            ));
        };
        let text = option.to_string();
        let count = text
            .strip_prefix('x')
            .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        match text.as_str() {
            "every" => {
                let value = parse_duration(input, &option, "every 1s")?;
                set_once(&mut retrier.interval, &option, value)?;
            }
            "max_delay" => {
                let value = parse_duration(input, &option, "max_delay 30s")?;
                set_once(&mut retrier.max_delay, &option, value)?;
            }
            "backoff" => {
                let value = parse_number(input, &option, "a number", "backoff 2.0", true)?;
                set_once(&mut retrier.backoff, &option, value)?;
            }
            "x" => {
                let value = parse_number(input, &option, "a number of attempts", "x 3", false)?;
                set_once(&mut retrier.max_attempts, &option, value)?;
            }
            "jitter" => {
                let jitter = peek_ident(input).filter(|j| j == "full" || j == "none");
                let Some(jitter) = jitter else {
                    return Err(err_next_or(
                        input,
                        option.span(),
                        "expected `full` or `none` after `jitter`",
                    ));
                };
                input.parse::<TokenTree>()?;
                set_once(&mut retrier.jitter, &option, jitter)?;
            }
            _ => {
                let Some(digits) = count else {
                    return Err(Error::new(
                        option.span(),
                        format!(
                            "unknown retry option `{text}`; expected every, x<N>, backoff, \
                             max_delay or jitter{}",
                            suggest(&text, RETRY_OPTIONS)
                        ),
                    ));
                };
                let Ok(attempts) = digits.parse::<u64>() else {
                    return Err(Error::new(
                        option.span(),
                        format!("the number of attempts in `{text}` is too large"),
                    ));
                };
                let value = Value::Number {
                    text: attempts.to_string(),
                    tokens: option.to_token_stream(),
                };
                set_once(&mut retrier.max_attempts, &option, value)?;
            }
        }
    }
    Ok(retrier)
}

/// `error_list ( result_path V | output V | assign V )* "=>" IDENT`.
pub(super) fn parse_catcher(input: ParseStream, keyword: Ident) -> Result<Catcher> {
    let (errors, errors_span) = parse_error_list(input, "catch")?;
    let (mut result_path, mut output, mut assign) = (None, None, None);
    while let Some(option) = peek_ident(input) {
        let text = option.to_string();
        let slot = match text.as_str() {
            "result_path" => &mut result_path,
            "output" => &mut output,
            "assign" => &mut assign,
            _ => {
                return Err(Error::new(
                    option.span(),
                    format!(
                        "unknown catch option `{text}`; expected result_path, output or assign, \
                         then `=>` and the target state{}",
                        suggest(&text, CATCH_OPTIONS)
                    ),
                ));
            }
        };
        input.parse::<TokenTree>()?;
        let value = parse_value(input)?;
        set_once(slot, &option, value)?;
    }
    if !input.peek(Token![=>]) {
        return Err(err_next(
            input,
            "expected `=>` and the target state after the catch",
        ));
    }
    input.parse::<Token![=>]>()?;
    let next = target_state(input)?;
    Ok(Catcher {
        docs: None,
        keyword,
        errors,
        errors_span,
        result_path,
        output,
        assign,
        next,
    })
}

/// `[ States.ALL, MyError, "Any.Text" ]`, with the span of the brackets.
pub(super) fn parse_error_list(input: ParseStream, what: &str) -> Result<(Vec<ErrorName>, Span)> {
    if !input.peek(token::Bracket) {
        return Err(err_next(
            input,
            format!(
                "expected `[` with the error names after `{what}:`, e.g. `{what}: [States.ALL]`"
            ),
        ));
    }
    let content;
    let brackets = bracketed!(content in input);
    let mut names = Vec::new();
    while !content.is_empty() {
        let start = content.cursor();
        let name = if content.peek(LitStr) {
            content.parse::<LitStr>()?.value()
        } else if let Some(first) = next_ident(&content) {
            let mut name = first.unraw().to_string();
            while content.peek(Token![.]) {
                let dot: Token![.] = content.parse()?;
                let Some(part) = next_ident(&content) else {
                    return Err(err_next_or(
                        &content,
                        dot.spans[0],
                        "expected a name after `.` in the error name",
                    ));
                };
                name.push('.');
                name.push_str(&part.unraw().to_string());
            }
            name
        } else {
            return Err(err_next(
                &content,
                "expected an error name like `States.ALL`, `MyError` or a string",
            ));
        };
        names.push(ErrorName {
            name,
            tokens: tokens_since(start, &content),
        });
        if content.is_empty() {
            break;
        }
        if !content.peek(Token![,]) {
            return Err(err_next(
                &content,
                "expected `,` or `]` after the error name",
            ));
        }
        content.parse::<Token![,]>()?;
    }
    Ok((names, brackets.span.join()))
}

/// The state after `=>`.
pub(super) fn target_state(input: ParseStream) -> Result<Name> {
    if starts_name(input) {
        state_name(input)
    } else {
        Err(err_next(input, "expected the target state after `=>`"))
    }
}

#[cfg(test)]
mod tests {
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn retriers_and_catchers() {
        let m = parse(
            r#"W { A: task lambda::invoke {
                retry: [States.ALL],
                retry: ["Any.Text", MyError, States.Timeout] x0 every 3 jitter none backoff 1,
                retry: [States.ALL] x10,
                catch: [MyError] => B,
                catch: ["A", States.ALL] assign { a: 1 } result_path null output $ => B
            }, B: pass }"#,
        );
        let b = body(&state(&m, "A").kind);
        let rs = retriers(b);
        assert_eq!(rs.len(), 3);
        assert!(rs[0].interval.is_none() && rs[0].max_attempts.is_none());
        let names: Vec<&str> = rs[1].errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Any.Text", "MyError", "States.Timeout"]);
        assert_eq!(rs[1].max_attempts.as_ref().map(show).as_deref(), Some("0"));
        assert_eq!(rs[1].interval.as_ref().map(show).as_deref(), Some("3"));
        assert_eq!(
            rs[1].jitter.as_ref().map(ToString::to_string).as_deref(),
            Some("none")
        );
        assert_eq!(rs[1].backoff.as_ref().map(show).as_deref(), Some("1"));
        assert_eq!(rs[2].max_attempts.as_ref().map(show).as_deref(), Some("10"));
        let cs = catchers(b);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].errors[0].name, "MyError");
        assert!(cs[0].result_path.is_none());
        assert_eq!(
            cs[1].result_path.as_ref().map(show).as_deref(),
            Some("null")
        );
        assert_eq!(cs[1].output.as_ref().map(show).as_deref(), Some("$"));
        assert_eq!(cs[1].assign.as_ref().map(show).as_deref(), Some("{a: 1}"));
        assert_eq!(cs[1].next, "B");
    }
}
