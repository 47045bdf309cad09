//! Error handling: `retry` and `catch` blocks → `Retry` and `Catch`.

use super::*;

impl Lowerer {
    // ---- Retry and Catch ----

    pub(super) fn error_handling(
        &mut self,
        f: &mut Fields<'_>,
        cx: &Cx,
    ) -> (Vec<Retrier>, Vec<Catcher>) {
        let retries = std::mem::take(&mut f.retries);
        let catches = std::mem::take(&mut f.catches);
        let mut retry = Vec::with_capacity(retries.len());
        for (i, r) in retries.into_iter().enumerate() {
            if i == 0 {
                self.spans.insert(cx.at("Retry"), &r.keyword);
            }
            retry.push(self.retrier(r, &pointer_push(&cx.at("Retry"), &i.to_string())));
        }
        let mut catch = Vec::with_capacity(catches.len());
        for (i, c) in catches.into_iter().enumerate() {
            if i == 0 {
                self.spans.insert(cx.at("Catch"), &c.keyword);
            }
            catch.push(self.catcher(c, &pointer_push(&cx.at("Catch"), &i.to_string()), cx));
        }
        (retry, catch)
    }

    pub(super) fn error_names(
        &mut self,
        names: &[ast::ErrorName],
        span: Span,
        keyword: &Ident,
        ptr: &str,
    ) -> Vec<String> {
        self.spans.insert(ptr, span_tokens(span));
        if names.is_empty() {
            self.rule_error(
                span_tokens(span),
                Rule::EmptyValue,
                &format!("`{}` needs at least one error name", ident_text(keyword)),
                Some("list the errors to match, e.g. `[States.ALL]`"),
            );
        }
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                self.spans
                    .insert(pointer_push(ptr, &i.to_string()), n.tokens.clone());
                n.name.clone()
            })
            .collect()
    }

    pub(super) fn retrier(&mut self, r: &ast::Retrier, ptr: &str) -> Retrier {
        self.spans.insert(ptr, &r.keyword);
        self.spans.insert_key(ptr, &r.keyword);
        let error_equals = self.error_names(
            &r.errors,
            r.errors_span,
            &r.keyword,
            &pointer_push(ptr, "ErrorEquals"),
        );
        let number = |l: &mut Self, v: &Option<ast::Value>, field: &str, duration: bool| {
            let v = v.as_ref()?;
            l.spans.insert(pointer_push(ptr, field), v.tokens());
            match v {
                ast::Value::Number { text, tokens } => l.number(text, tokens),
                ast::Value::Duration { seconds, .. } if duration => Some(seconds_number(*seconds)),
                other => {
                    l.rule_error(
                        other.tokens(),
                        Rule::WrongType,
                        &format!(
                            "`{field}` takes a {}",
                            if duration {
                                "duration such as `1s`"
                            } else {
                                "number"
                            }
                        ),
                        None,
                    );
                    None
                }
            }
        };
        let interval_seconds = number(self, &r.interval, "IntervalSeconds", true);
        let max_attempts = number(self, &r.max_attempts, "MaxAttempts", false);
        let backoff_rate = number(self, &r.backoff, "BackoffRate", false);
        let max_delay_seconds = number(self, &r.max_delay, "MaxDelaySeconds", true);
        let jitter_strategy = r.jitter.as_ref().and_then(|j| {
            self.spans.insert(pointer_push(ptr, "JitterStrategy"), j);
            match ident_text(j).as_str() {
                "full" => Some(JitterStrategy::Full),
                "none" => Some(JitterStrategy::None),
                other => {
                    self.unknown(j, other, "jitter strategy", "a retrier", &["full", "none"]);
                    None
                }
            }
        });
        let mut retrier = Retrier::new(error_equals);
        retrier.comment = self.entry_comment(r.docs.as_ref(), ptr);
        retrier.interval_seconds = interval_seconds;
        retrier.max_attempts = max_attempts;
        retrier.backoff_rate = backoff_rate;
        retrier.max_delay_seconds = max_delay_seconds;
        retrier.jitter_strategy = jitter_strategy;
        retrier
    }

    pub(super) fn catcher(&mut self, c: &ast::Catcher, ptr: &str, cx: &Cx) -> Catcher {
        self.spans.insert(ptr, &c.keyword);
        self.spans.insert_key(ptr, &c.keyword);
        let error_equals = self.error_names(
            &c.errors,
            c.errors_span,
            &c.keyword,
            &pointer_push(ptr, "ErrorEquals"),
        );
        let next_ptr = pointer_push(ptr, "Next");
        self.spans.insert(next_ptr, &c.next);
        let result_path = c.result_path.as_ref().and_then(|v| {
            if !cx.jsonpath() {
                self.rule_error(
                    v.tokens(),
                    Rule::QueryLanguageMix,
                    "`result_path` is a JSONPath field, but this state uses JSONata",
                    Some("use `output` instead"),
                );
                return None;
            }
            let p = pointer_push(ptr, "ResultPath");
            self.spans.insert(p, v.tokens());
            match v {
                ast::Value::Null(_) => Some(NullablePath::Null),
                ast::Value::Path { text, tokens } => {
                    self.path(text, tokens).map(NullablePath::Path)
                }
                other => {
                    self.rule_error(
                        other.tokens(),
                        Rule::WrongType,
                        "`result_path` takes a path such as `$.error` or `null`",
                        None,
                    );
                    None
                }
            }
        });
        let output = c.output.as_ref().and_then(|v| {
            if cx.jsonpath() {
                self.rule_error(
                    v.tokens(),
                    Rule::QueryLanguageMix,
                    "`output` is a JSONata field, but this state uses JSONPath",
                    Some("use `result_path` instead"),
                );
                return None;
            }
            self.template(v, &pointer_push(ptr, "Output"), cx.ql, Place::Top)
        });
        let assign = c
            .assign
            .as_ref()
            .and_then(|v| self.assign(None, v, &pointer_push(ptr, "Assign"), cx.ql));
        let mut catcher = Catcher::new(error_equals, c.next.text.clone());
        catcher.comment = self.entry_comment(c.docs.as_ref(), ptr);
        catcher.result_path = result_path;
        catcher.output = output;
        catcher.assign = assign;
        catcher
    }
}

#[cfg(test)]
mod tests {
    use crate::workflow::lower::tests::*;

    #[test]
    fn retry_chain() {
        assert_asl(
            r#"
            Retrying {
                Work: task lambda::invoke("${Fn}") {
                    retry: [CustomerError] every 1s x2 backoff 2.0,
                    retry: [States.TaskFailed] every 1s x2 backoff 2.0,
                    retry: [States.ALL] every 1s x2 backoff 2.0 max_delay 30s jitter full,
                }
            }
            "#,
            r#"{
              "StartAt": "Work",
              "States": {
                "Work": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${Fn}" },
                  "Retry": [
                    { "ErrorEquals": ["CustomerError"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0 },
                    { "ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0 },
                    { "ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0,
                      "MaxDelaySeconds": 30, "JitterStrategy": "FULL" }
                  ],
                  "End": true
                }
              }
            }"#,
        );
    }

    #[test]
    fn catch_chain() {
        assert_asl(
            r#"
            Catching {
                Work: task lambda::invoke("${Fn}") {
                    catch: [CustomError] => CustomErrorFallback,
                    catch: [States.TaskFailed] => ReservedTypeFallback,
                    catch: [States.ALL] result_path $.error => CatchAllFallback,
                    end,
                },
                CustomErrorFallback: pass { result: "This is a fallback from a custom Lambda function exception", end },
                ReservedTypeFallback: pass { result: "This is a fallback from a reserved error code", end },
                CatchAllFallback: task lambda::invoke("${Report}") { payload: { "error": $.error } },
            }
            "#,
            r#"{
              "StartAt": "Work",
              "States": {
                "Work": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${Fn}" },
                  "Catch": [
                    { "ErrorEquals": ["CustomError"], "Next": "CustomErrorFallback" },
                    { "ErrorEquals": ["States.TaskFailed"], "Next": "ReservedTypeFallback" },
                    { "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "CatchAllFallback" }
                  ],
                  "End": true
                },
                "CustomErrorFallback": { "Type": "Pass", "Result": "This is a fallback from a custom Lambda function exception", "End": true },
                "ReservedTypeFallback": { "Type": "Pass", "Result": "This is a fallback from a reserved error code", "End": true },
                "CatchAllFallback": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${Report}", "Payload": { "error.$": "$.error" } },
                  "End": true
                }
              }
            }"#,
        );
    }
}
