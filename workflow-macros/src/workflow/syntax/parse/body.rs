//! State bodies: the `{ key: value, … }` entries after a state's kind.

use super::*;

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

pub(super) fn optional_body(input: ParseStream, keyword: &Ident) -> Result<Body> {
    if input.peek(token::Brace) {
        parse_body(input)
    } else {
        Ok(Body {
            entries: Vec::new(),
            span: Some(keyword.span()),
        })
    }
}

/// `{ ( entry ","? )* }`.
pub(super) fn parse_body(input: ParseStream) -> Result<Body> {
    let content;
    let braces = braced!(content in input);
    let entries = parse_entries(&content)?;
    Ok(Body {
        entries,
        span: Some(braces.span.join()),
    })
}

pub(super) fn parse_entries(input: ParseStream) -> Result<Vec<Entry>> {
    let mut errors = Errors::default();
    let mut entries = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        match parse_entry_docs(input).and_then(|docs| with_docs(parse_entry(input)?, docs)) {
            Ok(entry) => {
                let after = match &entry {
                    Entry::Branch { .. } | Entry::Processor { .. } => None,
                    Entry::Field { key, .. } => Some(format!("the value of `{key}`")),
                    Entry::End(_) => Some("`end`".to_owned()),
                    Entry::Retry(_) => Some("the retrier".to_owned()),
                    Entry::Catch(_) => Some("the catcher".to_owned()),
                };
                entries.push(entry);
                if input.peek(Token![,]) {
                    // Extra commas are harmless, and a fragment of entries that ends with one
                    // is followed by the comma after its use.
                    while input.peek(Token![,]) {
                        input.parse::<Token![,]>()?;
                    }
                } else if let Some(after) = after.filter(|_| !input.is_empty()) {
                    let here = input.cursor();
                    errors.push(err_next(input, format!("expected `,` after {after}")));
                    recover(input, here, Boundary::Entry);
                }
            }
            Err(error) => {
                errors.push(error);
                recover(input, start, Boundary::Entry);
            }
        }
    }
    errors.finish(entries)
}

/// Gives `entry` the `///` comment written before it, where ASL has a Comment for it.
fn with_docs(mut entry: Entry, docs: Option<LitStr>) -> Result<Entry> {
    let Some(docs) = docs else {
        return Ok(entry);
    };
    let slot = match &mut entry {
        Entry::Retry(r) => &mut r.docs,
        Entry::Catch(c) => &mut c.docs,
        Entry::Branch { docs, .. } | Entry::Processor { docs, .. } => docs,
        Entry::Field { .. } | Entry::End(_) => {
            return Err(Error::new(
                docs.span(),
                "a `///` comment goes before a state, a retrier, a catcher, a choice arm, a \
                 branch or a processor: ASL has no Comment for a field",
            ));
        }
    };
    if slot.is_some() {
        return Err(Error::new(
            docs.span(),
            "this has a `///` comment after its colon too: keep one of the two",
        ));
    }
    *slot = Some(docs);
    Ok(entry)
}

pub(super) fn parse_entry(input: ParseStream) -> Result<Entry> {
    let Some(key) = next_ident(input) else {
        return Err(err_next(
            input,
            "expected a field like `next: State`, `end`, `retry: […]` or `catch: […]`",
        ));
    };
    let key = key.unraw();
    let text = key.to_string();
    match text.as_str() {
        "branch" | "processor" | "iterator" if !is_colon(input) => {
            if !input.peek(token::Brace) {
                return Err(err_next_or(
                    input,
                    key.span(),
                    format!("expected `{{` with the states of the {text} after `{text}`"),
                ));
            }
            let content;
            let braces = braced!(content in input);
            let states = parse_states(&content)?;
            let span = braces.span.join();
            Ok(if text == "branch" {
                Entry::Branch {
                    docs: None,
                    keyword: key,
                    states,
                    span,
                }
            } else {
                Entry::Processor {
                    docs: None,
                    keyword: key,
                    states,
                    span,
                }
            })
        }
        "end" => {
            if is_colon(input) {
                return Err(Error::new(
                    key.span(),
                    "`end` takes no value; write `end` alone",
                ));
            }
            Ok(Entry::End(key))
        }
        _ => {
            if !is_colon(input) {
                return Err(err_next_or(
                    input,
                    key.span(),
                    format!("expected `:` after the field name `{text}`"),
                ));
            }
            input.parse::<Token![:]>()?;
            // A misspelt `retry:` or `catch:` is followed by an error list, which is no value:
            // name the entry rather than fail inside the list.
            if !matches!(text.as_str(), "retry" | "catch")
                && input.peek(token::Bracket)
                && let Some(entry) = workflow_core::did_you_mean::closest(&text, ["retry", "catch"])
            {
                return Err(Error::new(
                    key.span(),
                    format!("unknown field `{text}`; did you mean `{entry}`?"),
                ));
            }
            match text.as_str() {
                // A `///` comment may also follow the colon, so that a fragment used as
                // `retry: policy!()` can carry its retrier's Comment.
                "retry" => {
                    let docs = parse_entry_docs(input)?;
                    let mut retrier = parse_retrier(input, key)?;
                    retrier.docs = docs;
                    Ok(Entry::Retry(retrier))
                }
                "catch" => {
                    let docs = parse_entry_docs(input)?;
                    let mut catcher = parse_catcher(input, key)?;
                    catcher.docs = docs;
                    Ok(Entry::Catch(catcher))
                }
                _ => Ok(Entry::Field {
                    key,
                    value: parse_value(input)?,
                }),
            }
        }
    }
}
