//! `Retry` and `Catch`: error names, retriers and catchers.

use super::*;

impl Builder {
    pub(super) fn error_equals(&mut self, obj: &mut Obj<'_>, owner: &str) -> Vec<String> {
        let Some((node, ctx)) = obj.take("ErrorEquals") else {
            self.err(
                Rule::MissingField,
                obj.ctx.loc(),
                format!("{owner} has no `ErrorEquals`"),
            )
            .help =
                Some("add `\"ErrorEquals\": [\"States.ALL\"]` or the error names to match".into());
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "ErrorEquals", "an array of error names");
            return Vec::new();
        };
        if items.is_empty() {
            self.err(
                Rule::EmptyValue,
                ctx.loc(),
                "`ErrorEquals` must not be empty",
            )
            .help = Some("list at least one error name, e.g. `States.ALL`".into());
        }
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                self.string(n, &ctx.child(&i.to_string()), "ErrorEquals item")
                    .map(str::to_string)
            })
            .collect()
    }

    pub(super) fn retriers(&mut self, obj: &mut Obj<'_>) -> Vec<Retrier> {
        let Some((node, ctx)) = obj.take("Retry") else {
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "Retry", "an array of retriers");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let c = ctx.child(&i.to_string());
            let Some(mut o) = self.object(item, &c, "Retry item") else {
                continue;
            };
            let r = Retrier {
                comment: self.take_string(&mut o, "Comment"),
                error_equals: self.error_equals(&mut o, "a retrier"),
                interval_seconds: self.take_number(&mut o, "IntervalSeconds"),
                max_attempts: self.take_number(&mut o, "MaxAttempts"),
                backoff_rate: self.take_number(&mut o, "BackoffRate"),
                max_delay_seconds: self.take_number(&mut o, "MaxDelaySeconds"),
                jitter_strategy: self.take_enum(
                    &mut o,
                    "JitterStrategy",
                    JitterStrategy::parse,
                    &["FULL", "NONE"],
                ),
            };
            self.finish(o, "a retrier", RETRIER_FIELDS, None);
            out.push(r);
        }
        out
    }

    pub(super) fn catchers(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Vec<Catcher> {
        let Some((node, ctx)) = obj.take("Catch") else {
            return Vec::new();
        };
        let Value::Array(items) = &node.value else {
            self.wrong_type(node, &ctx, "Catch", "an array of catchers");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let c = ctx.child(&i.to_string());
            let Some(mut o) = self.object(item, &c, "Catch item") else {
                continue;
            };
            let comment = self.take_string(&mut o, "Comment");
            let error_equals = self.error_equals(&mut o, "a catcher");
            let next = self.non_empty_string(&mut o, "Next");
            let (result_path, output) = match ql {
                QueryLanguage::JsonPath => (self.nullable_path(&mut o, "ResultPath", true), None),
                QueryLanguage::Jsonata => (None, self.take_any_template(&mut o, "Output", ql)),
            };
            let assign = self.assign(&mut o, ql);
            let allowed = if ql == QueryLanguage::Jsonata {
                CATCHER_FIELDS_JSONATA
            } else {
                CATCHER_FIELDS_JSONPATH
            };
            let missing_next = next.is_none() && !o.has("Next");
            self.finish(o, "a catcher", allowed, Some(ql));
            if missing_next {
                self.err(Rule::MissingField, c.loc(), "a catcher has no `Next`")
                    .help = Some("name the state to go to when the error is caught".into());
            }
            out.push(Catcher {
                comment,
                error_equals,
                next: next.unwrap_or_default(),
                result_path,
                output,
                assign,
            });
        }
        out
    }
}
