//! Stage 3 of the macro: runs the workflow-core validator on the lowered model and turns each
//! diagnostic into a compile error at the tokens its JSON Pointer came from.
//!
//! Errors and denied lints become compile errors; lints at the warn level (`no-dollar`,
//! `no-path`, `variable-unassigned`, …) become rustc warnings at their tokens (see
//! [`crate::common::Ctxt::warning`]). `#[allow(…)]`, `#[warn(…)]` and `#[deny(…)]` on the
//! workflow or a state move the lints of that scope first.

use proc_macro2::TokenStream;
use workflow_core::Diagnostic;
use workflow_core::Rule;
use workflow_core::validate::resource;
use workflow_core::{Options, Validated};

use crate::common::Ctxt;
use crate::workflow::lower::Lowered;

/// Runs the validator, once, on the lowered workflow: its errors go to `cx` at their tokens
/// (after the lowering's), and the machine comes back validated when it has none.
pub fn check<'a>(lowered: &'a Lowered, options: &Options, cx: &mut Ctxt) -> Option<Validated<'a>> {
    let (validated, mut diagnostics) =
        Validated::with_lint_levels(&lowered.machine, options, |d| {
            lowered.lint_levels_at(&d.location.pointer)
        });
    for d in &mut diagnostics {
        in_dsl_words(lowered, d);
    }
    for d in diagnostics.iter().filter(|d| !d.is_error()) {
        cx.warning(&tokens_for(lowered, d), d);
    }
    if validated.is_none() {
        cx.validator(&diagnostics, |_| false, |d| tokens_for(lowered, d));
    }
    validated
}

/// Rewrites a diagnostic in the DSL's words where the validator's speaks ASL.
fn in_dsl_words(lowered: &Lowered, d: &mut Diagnostic) {
    if d.rule == Rule::UnsupportedIntegration {
        unknown_integration_in_dsl_words(lowered, d);
        unsupported_pattern_in_dsl_words(lowered, d);
    }
    if d.rule == Rule::ChoiceNoDefaultUncovered {
        // In the DSL a state without `next:` continues with the one written after it, so a
        // reader expects a `choice` to do the same; it does not.
        d.help = Some(
            "a `choice` does not fall through to the state written after it: add a default arm \
             `_ => State` (a `fail` state naming the unexpected case, if nothing else fits)"
                .into(),
        );
    }
}

/// An unknown `service::action`, answered with the DSL's paths (`lambda::invoke`,
/// `aws_sdk::lambda::list_functions`) rather than ARNs.
fn unknown_integration_in_dsl_words(lowered: &Lowered, d: &mut Diagnostic) {
    use workflow_core::catalog::{self, SERVICES};
    use workflow_core::did_you_mean::closest;
    let Some((service, action)) = lowered
        .spans
        .integration(&d.location.pointer)
        .and_then(|w| w.split_once("::"))
        .filter(|(service, action)| *service != "aws_sdk" && !action.contains("::"))
    else {
        return;
    };
    let camel = catalog::camel_case(action);
    let Some(known) = catalog::dsl_service(service) else {
        let names: Vec<String> = SERVICES
            .iter()
            .map(|s| {
                s.dsl_aliases
                    .first()
                    .map_or_else(|| s.name.replace('-', "_"), |a| a.to_string())
            })
            .collect();
        let mut help = closest(service, names.iter().map(String::as_str))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        help.push_str(&sdk_call_help(service, &camel, "service"));
        d.message = format!("`{service}` has no integration of its own in the DSL");
        d.help = Some(help);
        return;
    };
    if catalog::action(known.name, &camel).is_some() {
        return;
    }
    let offered: Vec<String> = known
        .actions
        .iter()
        .map(|a| catalog::snake_case(a.name))
        .collect();
    let mut help = closest(action, offered.iter().map(String::as_str))
        .map(|a| format!("did you mean `{service}::{a}`? "))
        .unwrap_or_default();
    help.push_str(&format!(
        "the integration offers {}; {}",
        offered
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", "),
        sdk_call_help(known.sdk_name, &camel, "action")
    ));
    d.message = format!("`{service}::{action}` is not an action of the `{service}` integration");
    d.help = Some(help);
}

/// "call any other action as `aws_sdk::lambda::list_functions`", when the SDK path can be
/// written.
fn sdk_call_help(sdk_service: &str, action: &str, what: &str) -> String {
    match workflow_core::catalog::dsl_path(sdk_service, action, true) {
        Some(path) => format!("call any other {what} through the AWS SDK integration, `{path}`"),
        None => format!("call any other {what} through the AWS SDK integration, `aws_sdk::…`"),
    }
}

/// A pattern an integration does not support, said with the written `sns::publish` and
/// `.sync` rather than ARNs, and what to write instead ("drop `.sync`").
fn unsupported_pattern_in_dsl_words(lowered: &Lowered, d: &mut Diagnostic) {
    use workflow_core::catalog::{self, Pattern};
    let Some(pattern) = lowered.spans.pattern(&d.location.pointer) else {
        return;
    };
    let written = pattern.tokens.to_string();
    let Some((service, action_name)) = pattern
        .base
        .strip_prefix("arn:aws:states:::")
        .and_then(|rest| rest.split_once(':'))
    else {
        return;
    };
    let (Some(action), Some(path)) = (
        catalog::action(service, action_name),
        catalog::dsl_path(service, action_name, false),
    ) else {
        return;
    };
    if action.supports(
        Pattern::ALL
            .into_iter()
            .find(|p| p.dsl_name() == Some(written.as_str()))
            .unwrap_or(Pattern::RequestResponse),
    ) {
        // Not a pattern problem (an Express machine's, for one): the validator's words stand.
        return;
    }
    let supported: Vec<Pattern> = Pattern::ALL
        .into_iter()
        .filter(|p| action.supports(*p))
        .collect();
    let spelled: Vec<String> = supported
        .iter()
        .map(|p| match p.dsl_name() {
            Some(name) => format!("`.{name}`"),
            None => "a plain call".to_string(),
        })
        .collect();
    d.message = format!(
        "`{path}` does not support `.{written}`; it supports {}",
        spelled.join(" and ")
    );
    let mut help = Vec::new();
    if supported.contains(&Pattern::RequestResponse) {
        help.push(format!("drop `.{written}`"));
    }
    let others: Vec<String> = supported
        .iter()
        .filter_map(|p| p.dsl_name().map(|n| format!("`.{n}`")))
        .collect();
    if !others.is_empty() {
        help.push(format!("write {}", others.join(" or ")));
    }
    let mut help = help.join(", or ");
    if service == "lambda" && written == "sync" {
        help.push_str(" (`lambda::invoke` already waits for the function to return)");
    }
    d.help = (!help.is_empty()).then_some(help);
}

/// The tokens a diagnostic points at: the most specific recorded for its pointer, the written
/// pattern for a pattern problem, the machine's name when nothing closer is known.
fn tokens_for(lowered: &Lowered, d: &Diagnostic) -> TokenStream {
    let spans = &lowered.spans;
    let pointer = &d.location.pointer;
    if let Some(pattern) = spans.pattern(pointer) {
        let about_pattern = match d.rule {
            // `sns::publish.sync`: the action exists, only the pattern is not offered.
            Rule::UnsupportedIntegration => resource::classify(&pattern.base).is_ok(),
            // An EXPRESS machine refuses `.sync` and `.wait_for_task_token`.
            Rule::ExpressUnsupported => true,
            _ => false,
        };
        if about_pattern {
            return pattern.tokens.clone();
        }
    }
    spans
        .find(pointer, d.location.at_key)
        .or_else(|| spans.root())
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(lowered: &Lowered) -> Options {
        Options {
            machine_type: lowered.machine.machine_type,
        }
    }

    /// The validator's errors, each with the tokens it points at and its message.
    fn validator_errors(lowered: &Lowered) -> Vec<(TokenStream, String)> {
        workflow_core::validate(&lowered.machine, &options(lowered))
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (tokens_for(lowered, d), crate::common::message(d)))
            .collect()
    }

    /// Each validator error's code and the text of the tokens it points at.
    fn pointed(src: &str) -> Vec<(String, String)> {
        let machine = syn::parse_str::<crate::workflow::syntax::Machine>(src)
            .expect("the test source parses");
        let lowered = crate::workflow::lower::lower(&machine);
        assert!(lowered.errors.is_empty(), "{:?}", lowered.errors);
        validator_errors(&lowered)
            .into_iter()
            .map(|(tokens, message)| {
                let code = message
                    .split(" [")
                    .nth(1)
                    .and_then(|rest| rest.split(']').next())
                    .unwrap_or_default()
                    .to_string();
                (code, tokens.to_string().replace(' ', ""))
            })
            .collect()
    }

    #[test]
    fn choice_without_default_says_it_does_not_fall_through() {
        let src = r#"
            M {
                Check: choice { $.status == "DONE" => Done },
                Other: succeed,
                Done: succeed,
            }
        "#;
        let machine = syn::parse_str::<crate::workflow::syntax::Machine>(src)
            .expect("the test source parses");
        let lowered = crate::workflow::lower::lower(&machine);
        let (_, mut diagnostics) =
            Validated::with_lint_levels(&lowered.machine, &options(&lowered), |d| {
                lowered.lint_levels_at(&d.location.pointer)
            });
        for d in &mut diagnostics {
            in_dsl_words(&lowered, d);
        }
        let no_default = diagnostics
            .iter()
            .find(|d| d.rule == Rule::ChoiceNoDefaultUncovered)
            .expect("the Choice without a default arm is reported");
        let help = no_default.help.as_deref().unwrap_or_default();
        assert!(
            help.starts_with("a `choice` does not fall through"),
            "{help}"
        );
        assert!(help.contains("`_ => State`"), "{help}");
    }

    #[test]
    fn misspelt_next_points_at_the_target() {
        let src = r#"
            M {
                Start: pass { next: Finsh },
                Finish: succeed,
            }
        "#;
        assert_eq!(
            pointed(src),
            [("next-unknown-state".to_string(), "Finsh".to_string())]
        );
        let machine = syn::parse_str::<crate::workflow::syntax::Machine>(src).unwrap();
        let lowered = crate::workflow::lower::lower(&machine);
        let mut cx = Ctxt::new();
        assert!(check(&lowered, &options(&lowered), &mut cx).is_none());
        let errors = cx.into_errors();
        assert_eq!(
            errors[0].to_string(),
            "there is no state named \"Finsh\" in this scope [next-unknown-state]\n  = help: did you mean \"Finish\"?"
        );
    }

    #[test]
    fn misspelt_states_error_points_at_the_name() {
        let found = pointed(
            r#"
            M {
                Charge: task lambda::invoke("${Fn}") {
                    retry: [MyError, States.All] every 1s,
                },
            }
            "#,
        );
        assert_eq!(
            found,
            [("unknown-states-error".to_string(), "States.All".to_string())]
        );
    }

    #[test]
    fn unsupported_pattern_points_at_the_pattern() {
        let found = pointed(
            r#"
            M {
                Notify: task sns::publish("${Topic}").sync { parameters: { "Message": "hi" } },
                Query: task dynamodb::query { parameters: {} },
            }
            "#,
        );
        assert_eq!(
            found,
            [
                ("unsupported-integration".to_string(), "sync".to_string()),
                ("unsupported-integration".to_string(), "query".to_string()),
            ]
        );
        let found = pointed(
            r#"
            #[express]
            M { Run: task states::start_execution("${Child}").sync }
            "#,
        );
        assert_eq!(
            found,
            [("express-unsupported".to_string(), "sync".to_string())]
        );
    }

    #[test]
    fn other_rules_point_at_their_tokens() {
        let found = pointed(
            r#"
            M {
                A: task lambda::invoke("${Fn}") {
                    timeout: 10s,
                    heartbeat: 10s,
                    retry: [States.ALL] backoff 0.5,
                    retry: [Late] every 1s,
                    end,
                },
                Lost: succeed,
            }
            "#,
        );
        assert_eq!(
            found,
            [
                ("unreachable-state".to_string(), "Lost".to_string()),
                ("states-all-position".to_string(), "States.ALL".to_string()),
                ("retrier-bounds".to_string(), "0.5".to_string()),
                ("heartbeat-timeout".to_string(), "10s".to_string()),
            ]
        );
    }

    #[test]
    fn lowering_errors_come_first_and_warnings_are_dropped() {
        let machine = syn::parse_str::<crate::workflow::syntax::Machine>(
            r#"
            M {
                A: pass { nxt: B, next: Finsh },
                Finish: fail { error: "$.code" },
            }
            "#,
        )
        .unwrap();
        let lowered = crate::workflow::lower::lower(&machine);
        let mut cx = Ctxt::new();
        cx.extend(lowered.errors.iter().cloned());
        assert!(check(&lowered, &options(&lowered), &mut cx).is_none());
        let errors: Vec<String> = cx.into_errors().iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].starts_with("unknown field `nxt`"));
        assert!(errors[1].ends_with("[next-unknown-state]\n  = help: did you mean \"Finish\"?"));
    }
}
