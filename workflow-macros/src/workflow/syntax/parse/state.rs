//! States: a list of `Name: kind …` items, the state kinds, Task integrations and their
//! pattern, and what a Wait waits for.

use super::*;

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

/// `( state ","? )*`, to the end of `input`.
pub(super) fn parse_states(input: ParseStream) -> Result<Vec<State>> {
    let _depth = Depth::enter(input)?;
    let mut errors = Errors::default();
    let mut states = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        match parse_state(input) {
            Ok(state) => {
                if input.peek(Token![,]) {
                    input.parse::<Token![,]>()?;
                } else if !input.is_empty() && !input.peek(Token![#]) && !starts_name(input) {
                    let here = input.cursor();
                    errors.push(err_next(
                        input,
                        format!(
                            "expected `,` or the next state after the state `{}`",
                            state.name
                        ),
                    ));
                    recover(input, here, Boundary::State);
                }
                states.push(state);
            }
            Err(error) => {
                errors.push(error);
                recover(input, start, Boundary::State);
            }
        }
    }
    errors.finish(states)
}

/// `outer_doc* attr* IDENT ":" kind`.
pub(super) fn parse_state(input: ParseStream) -> Result<State> {
    let mut errors = Errors::default();
    let (docs, attrs) = parse_outer(input, Place::State, &mut errors)?;
    let name = if starts_name(input) {
        state_name(input)
    } else {
        Err(err_next(
            input,
            "expected a state, e.g. `Charge: task lambda::invoke(\"${ChargeFn}\")`",
        ))
    };
    let name = name.map_err(|e| errors.take_with(e))?;
    if !is_colon(input) {
        let message = format!("expected `:` after the state name `{name}`");
        return Err(errors.take_with(err_next_or(input, name.span(), message)));
    }
    let colon: Token![:] = input.parse()?;
    let kind = parse_kind(input, &name, colon.spans[0]).map_err(|e| errors.take_with(e))?;
    errors.finish(State {
        docs,
        attrs,
        name,
        kind,
    })
}

pub(super) fn parse_kind(input: ParseStream, name: &Name, colon: Span) -> Result<Kind> {
    let Some(keyword) = peek_ident(input) else {
        return Err(err_next_or(
            input,
            colon,
            format!(
                "expected the kind of the state `{name}`, one of {}",
                KINDS.join(", ")
            ),
        ));
    };
    let text = keyword.to_string();
    if !KINDS.contains(&text.as_str()) {
        return Err(Error::new(
            keyword.span(),
            format!(
                "unknown state kind `{text}`; expected one of {}{}",
                KINDS.join(", "),
                suggest(&text, KINDS)
            ),
        ));
    }
    input.parse::<TokenTree>()?;
    let kind = match text.as_str() {
        "task" => {
            let integration = parse_integration(input)?;
            let result = if input.peek(Token![->]) {
                input.parse::<Token![->]>()?;
                Some(Box::new(input.parse::<syn::Type>()?))
            } else {
                None
            };
            let body = optional_body(input, &keyword)?;
            Kind::Task {
                keyword,
                integration,
                result,
                body,
            }
        }
        "choice" => {
            if !input.peek(token::Brace) {
                return Err(err_next_or(
                    input,
                    keyword.span(),
                    "expected `{` with the choice arms after `choice`",
                ));
            }
            let content;
            braced!(content in input);
            let arms = parse_arms(&content)?;
            Kind::Choice { keyword, arms }
        }
        "wait" => {
            let what = parse_wait(input, &keyword)?;
            let body = optional_body(input, &keyword)?;
            Kind::Wait {
                keyword,
                what,
                body,
            }
        }
        "json" => {
            if !input.peek(token::Brace) {
                return Err(err_next_or(
                    input,
                    keyword.span(),
                    "expected `{` with the state's ASL JSON after `json`",
                ));
            }
            Kind::Json {
                keyword,
                value: parse_value(input)?,
            }
        }
        "parallel" | "map" => {
            if !input.peek(token::Brace) {
                let what = if text == "map" {
                    "the `processor { … }` block and the fields"
                } else {
                    "the `branch { … }` blocks"
                };
                return Err(err_next_or(
                    input,
                    keyword.span(),
                    format!("expected `{{` with {what} after `{text}`"),
                ));
            }
            let body = parse_body(input)?;
            if text == "map" {
                Kind::Map { keyword, body }
            } else {
                Kind::Parallel { keyword, body }
            }
        }
        _ => {
            let body = optional_body(input, &keyword)?;
            match text.as_str() {
                "pass" => Kind::Pass { keyword, body },
                "succeed" => Kind::Succeed { keyword, body },
                _ => Kind::Fail { keyword, body },
            }
        }
    };
    Ok(kind)
}

/// What a Task calls.
pub(super) fn parse_integration(input: ParseStream) -> Result<Integration> {
    let start = input.cursor();
    let Some((first, rest)) = input.cursor().ident() else {
        return Err(err_next(
            input,
            "expected what the task calls after `task`, e.g. `lambda::invoke(\"${Fn}\")`, \
             `activity(\"arn:…\")` or `resource(\"arn:…\")`",
        ));
    };
    let text = first.to_string();
    let parens_follow = rest.group(Delimiter::Parenthesis).is_some();
    if parens_follow && (text == "activity" || text == "resource") {
        input.parse::<TokenTree>()?;
        let content;
        let parens = parenthesized!(content in input);
        if content.is_empty() {
            return Err(Error::new(
                parens.span.join(),
                format!("expected the ARN inside `{text}(…)`"),
            ));
        }
        let arn = parse_value(&content)?;
        if content.peek(Token![,]) {
            content.parse::<Token![,]>()?;
        }
        if !content.is_empty() {
            return Err(err_next(&content, "expected `)` after the ARN"));
        }
        return Ok(if text == "activity" {
            Integration::Activity {
                keyword: first,
                arn,
            }
        } else {
            Integration::Resource {
                keyword: first,
                arn,
            }
        });
    }
    if !input.peek2(Token![::]) {
        let hint = if parens_follow {
            suggest(&text, &["activity", "resource"])
        } else {
            String::new()
        };
        return Err(Error::new(
            first.span(),
            format!(
                "expected a service integration like `lambda::invoke`, `activity(…)` or \
                 `resource(…)` after `task`, found `{text}`{hint}"
            ),
        ));
    }
    input.parse::<TokenTree>()?;
    let mut path = vec![first.unraw()];
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        let Some(part) = next_ident(input) else {
            return Err(err_next(input, "expected a name after `::`"));
        };
        path.push(part.unraw());
    }
    let mut args = None;
    let mut pattern = None;
    loop {
        if args.is_none() && input.peek(token::Paren) {
            let content;
            parenthesized!(content in input);
            args = Some(parse_list(&content, "`)` after the argument")?);
        } else if pattern.is_none() && input.peek(Token![.]) && !input.peek(Token![..]) {
            pattern = Some(parse_pattern(input)?);
        } else {
            break;
        }
    }
    Ok(Integration::Service {
        path,
        args: args.unwrap_or_default(),
        pattern,
        tokens: tokens_since(start, input),
    })
}

/// `.sync`, `.sync2`, `.wait_for_task_token`: the identifier, spanning the dot too.
pub(super) fn parse_pattern(input: ParseStream) -> Result<Ident> {
    let dot: Token![.] = input.parse()?;
    let Some(name) = next_ident(input) else {
        return Err(err_next_or(
            input,
            dot.spans[0],
            "expected `sync`, `sync2` or `wait_for_task_token` after `.`",
        ));
    };
    let text = name.to_string();
    if !PATTERNS.contains(&text.as_str()) {
        return Err(Error::new(
            name.span(),
            format!(
                "unknown integration pattern `.{text}`; expected `.sync`, `.sync2` or \
                 `.wait_for_task_token`{}",
                suggest(&text, PATTERNS)
            ),
        ));
    }
    let mut pattern = name.clone();
    pattern.set_span(dot.spans[0].join(name.span()).unwrap_or(name.span()));
    Ok(pattern)
}

/// The head of a Wait state.
pub(super) fn parse_wait(input: ParseStream, keyword: &Ident) -> Result<WaitWhat> {
    if peek_keyword(input, "until") {
        let Some(until) = next_ident(input) else {
            return Err(err_next(input, "expected `until`"));
        };
        if !input.peek(LitStr) && !peek_punct(input, '$') {
            return Err(err_next_or(
                input,
                until.span(),
                "expected a timestamp or a path after `until`, e.g. \
                 `until \"2026-01-01T00:00:00Z\"` or `until $.when`",
            ));
        }
        let at = parse_value(input)?;
        return Ok(WaitWhat::Until { keyword: until, at });
    }
    if input.peek(LitStr) || peek_punct(input, '$') {
        return Ok(WaitWhat::Seconds(parse_value(input)?));
    }
    if input.cursor().literal().is_some() {
        return Ok(WaitWhat::Seconds(parse_duration(
            input, keyword, "wait 30s",
        )?));
    }
    Err(err_next_or(
        input,
        keyword.span(),
        "expected what to wait for after `wait`: a duration like `30s`, a path, \
         `until …` or a JSONata string",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn every_state_kind() {
        let m = parse(
            r#"W {
                T: task lambda::invoke,
                A: task activity("arn:a"),
                R: task resource("arn:aws:states:::lambda:invoke") { end },
                P: pass,
                C: choice { _ => P },
                W1: wait 30,
                W2: wait "{% $states.input.delay %}",
                S: succeed,
                F: fail,
                Par: parallel { branch { X: pass } },
                M: map { processor { Y: pass } },
            }"#,
        );
        let kinds: Vec<&str> = m
            .states
            .iter()
            .map(|s| match &s.kind {
                Kind::Task {
                    integration: Integration::Service { .. },
                    ..
                } => "service",
                Kind::Task {
                    integration: Integration::Activity { .. },
                    ..
                } => "activity",
                Kind::Task {
                    integration: Integration::Resource { .. },
                    ..
                } => "resource",
                Kind::Pass { .. } => "pass",
                Kind::Choice { .. } => "choice",
                Kind::Wait { .. } => "wait",
                Kind::Succeed { .. } => "succeed",
                Kind::Fail { .. } => "fail",
                Kind::Parallel { .. } => "parallel",
                Kind::Map { .. } => "map",
                Kind::Json { .. } => "json",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "service", "activity", "resource", "pass", "choice", "wait", "wait", "succeed",
                "fail", "parallel", "map"
            ]
        );
        // A state without braces has an empty body spanning its keyword.
        let p = body(&state(&m, "P").kind);
        assert!(p.entries.is_empty() && p.span.is_some());
        let Kind::Wait {
            what: WaitWhat::Seconds(v),
            ..
        } = &state(&m, "W1").kind
        else {
            panic!()
        };
        assert_eq!(show(v), "30");
        let Kind::Wait {
            what: WaitWhat::Seconds(v),
            ..
        } = &state(&m, "W2").kind
        else {
            panic!()
        };
        assert_eq!(show(v), "\"{% $states.input.delay %}\"");
    }

    #[test]
    fn states_without_commas_and_keyword_fields() {
        let m = parse("W { A: pass B: pass { type: 1, r#match: 2 } C: succeed }");
        assert_eq!(m.states.len(), 3);
        let b = body(&state(&m, "B").kind);
        assert_eq!(show(field(b, "type")), "1");
        assert_eq!(show(field(b, "match")), "2");
    }

    #[test]
    fn task_integrations() {
        let m = parse(
            r#"W {
                A: task aws_sdk::s3::list_objects_v2 { arguments: { Bucket: "b" } },
                B: task ecs::run_task.sync2,
                C: task sqs::send_message.wait_for_task_token("${Q}"),
                D: task glue::start_job_run("j").sync,
            }"#,
        );
        let parts = |name: &str| match &state(&m, name).kind {
            Kind::Task {
                integration:
                    Integration::Service {
                        path,
                        args,
                        pattern,
                        ..
                    },
                ..
            } => (
                path.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("::"),
                args.len(),
                pattern.as_ref().map(ToString::to_string),
            ),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            parts("A"),
            ("aws_sdk::s3::list_objects_v2".to_owned(), 0, None)
        );
        assert_eq!(
            parts("B"),
            ("ecs::run_task".to_owned(), 0, Some("sync2".to_owned()))
        );
        assert_eq!(
            parts("C"),
            (
                "sqs::send_message".to_owned(),
                1,
                Some("wait_for_task_token".to_owned())
            )
        );
        assert_eq!(
            parts("D"),
            ("glue::start_job_run".to_owned(), 1, Some("sync".to_owned()))
        );
    }

    #[test]
    fn nested_parallel_and_map() {
        let m = parse(
            r#"W {
                P: parallel {
                    branch {
                        M: map {
                            processor {
                                Q: parallel {
                                    branch { X: pass, Y: succeed }
                                    branch { Z: map { processor { Inner: pass { end } } } }
                                }
                            }
                        }
                    }
                    branch { Last: fail }
                }
            }"#,
        );
        let p = body(&state(&m, "P").kind);
        let branches = blocks(p, "branch");
        assert_eq!(branches.len(), 2);
        let map = find_state(branches[0], "M").expect("M");
        let processor = blocks(body(&map.kind), "processor");
        let q = find_state(processor[0], "Q").expect("Q");
        let inner_branches = blocks(body(&q.kind), "branch");
        assert_eq!(inner_branches[0].len(), 2);
        let z = find_state(inner_branches[1], "Z").expect("Z");
        let deepest = blocks(body(&z.kind), "processor");
        assert_eq!(deepest[0][0].name, "Inner");
    }
}
