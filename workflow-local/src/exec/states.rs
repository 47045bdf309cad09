//! The states without work of their own: Pass, Succeed, Fail, Choice and Wait, and the
//! input/output pipeline every state shares.

use super::{Current, Engine, Frame, Halt, Step};
use crate::data;
use crate::data::Outcome;
use crate::eval::{
    Failure, condition_reads_context, dynamic_reads_context, path_reads_context,
    template_reads_context,
};
use crate::history::{Store, Text};
use serde_json::{Map, Value};
use std::borrow::Cow;
use workflow_core::expr::{Dynamic, PathRoot, Segment};
use workflow_core::model::{
    Assign, Choice, Dyn, Fail, Io, NullablePath, Pass, Succeed, Template, Transition, Wait, WaitFor,
};

/// What a state hands on: its output and the variables it assigned.
pub(crate) struct Finished {
    pub output: Value,
    pub assigned: Option<Map<String, Value>>,
    /// The output as compact JSON, when it was made without writing the whole output again.
    pub output_text: Option<Text>,
}

/// The state a transition goes to; `None` for the end.
pub(crate) fn next_state(transition: &Transition) -> Option<&str> {
    match transition {
        Transition::Next(next) => Some(next),
        Transition::End => None,
    }
}

/// A `ResultPath` `$.key` that may put the result at a new top-level key of an object input:
/// the output is then the input with one member more, written last (maps keep their order), and
/// its text is the input's with that member added (see [`appended_text`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Appended<'d> {
    key: &'d str,
    /// How many members the input has: the output has one more when the key was new.
    members: usize,
}

/// The [`Appended`] of a state whose `ResultPath` is `$.key` (and that has no `OutputPath`),
/// for an object input.
pub(crate) fn appended_key<'d>(io: &'d Io, input: &Value) -> Option<Appended<'d>> {
    let Io::JsonPath(p) = io else { return None };
    let (Some(NullablePath::Path(path)), None) = (&p.result_path, &p.output_path) else {
        return None;
    };
    let ([Segment::Field(key)], PathRoot::Input, Value::Object(members)) =
        (path.segments.as_slice(), &path.root, input)
    else {
        return None;
    };
    Some(Appended {
        key,
        members: members.len(),
    })
}

/// The output's text from the input's, for an output that is the input with the member
/// `appended.key` added last: the input's text with that member written after it (with
/// `value_text` as the member's text when an event already holds it). `None` when the key was
/// already in the input (its value changed in place).
pub(crate) fn appended_text(
    store: &mut Store,
    input_text: Text,
    appended: Appended<'_>,
    output: &Value,
    value_text: Option<Text>,
) -> Option<Text> {
    let Value::Object(members) = output else {
        return None;
    };
    // A new key is the last member, and the only new one; its value is read without a lookup.
    let (key, value) = members.iter().next_back()?;
    if members.len() != appended.members + 1 || key != appended.key {
        return None;
    }
    match value_text {
        Some(value_text) => store.with_member_text(input_text, key, value_text),
        None => store.with_member(input_text, key, value),
    }
}

impl Engine<'_> {
    /// `InputPath`: the part of the raw input the state works on.
    /// Borrowed when it is the whole input (no `InputPath`, or JSONata), which most states
    /// have: copying the input would be the largest cost of a state that only reads it.
    pub(crate) fn input_path<'i>(
        &mut self,
        current: &Current,
        io: &Io,
        input: &'i Value,
        frame: &Frame,
    ) -> Result<Cow<'i, Value>, Halt> {
        match io {
            Io::JsonPath(p) => match &p.input_path {
                None => Ok(Cow::Borrowed(input)),
                Some(NullablePath::Null) => Ok(Cow::Owned(Value::Object(Map::new()))),
                Some(NullablePath::Path(path)) => {
                    let context = self.context_if(path_reads_context(path), current, frame);
                    data::read_path(path, self.env(input, &context, frame))
                        .map(Cow::Owned)
                        .map_err(|f| self.evaluation_failed(current, Some("InputPath"), f))
                }
            },
            Io::Jsonata(_) => Ok(Cow::Borrowed(input)),
        }
    }

    /// A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`) applied to
    /// `input`.
    pub(crate) fn payload(
        &mut self,
        current: &Current,
        template: &Template,
        input: &Value,
        frame: &Frame,
        field: &str,
    ) -> Result<Value, Halt> {
        let context = self.context_if(template_reads_context(template), current, frame);
        data::evaluate_template(
            template,
            self.env(input, &context, frame),
            Outcome::default(),
            field,
        )
        .map_err(|f| self.evaluation_failed(current, Some(field), f))
    }

    /// A JSONata template (`Arguments`, `Output`, `Items`…): `$states.input` is `input`, and
    /// `outcome` gives `$states.result` and `$states.errorOutput`.
    pub(crate) fn jsonata(
        &mut self,
        current: &Current,
        template: &Template,
        input: &Value,
        outcome: Outcome<'_>,
        frame: &Frame,
        field: &str,
    ) -> Result<Value, Halt> {
        let context = self.context(current, frame);
        data::evaluate_template(template, self.env(input, &context, frame), outcome, field)
            .map_err(|f| self.evaluation_failed(current, Some(field), f))
    }

    /// The variables an `Assign` block sets. In JSONPath states `$` is the result (or the
    /// error output in a catcher); in JSONata states `$states.result` is.
    pub(crate) fn assign(
        &mut self,
        current: &Current,
        assign: Option<&Assign>,
        input: &Value,
        result: Option<&Value>,
        error_output: Option<&Value>,
        frame: &Frame,
    ) -> Result<Option<Map<String, Value>>, Halt> {
        let Some(assign) = assign.filter(|a| !a.variables.is_empty()) else {
            return Ok(None);
        };
        let context = self.context(current, frame);
        let outcome = Outcome {
            result,
            error_output,
        };
        let reads = match current.query_language {
            workflow_core::QueryLanguage::JsonPath => result.or(error_output).unwrap_or(input),
            workflow_core::QueryLanguage::Jsonata => input,
        };
        data::evaluate_assign(assign, self.env(reads, &context, frame), outcome)
            .map(Some)
            .map_err(|f| self.evaluation_failed(current, Some("Assign"), f))
    }

    /// `ResultSelector`, `ResultPath` and `OutputPath` (JSONPath), or `Output` (JSONata): the
    /// state output from its raw input and its result. A state that is done with its input
    /// hands it over owned, so `ResultPath` writes into it instead of into a copy.
    pub(crate) fn output(
        &mut self,
        current: &Current,
        io: &Io,
        input: Cow<'_, Value>,
        result: Value,
        frame: &Frame,
        jsonata_default_is_result: bool,
    ) -> Result<Value, Halt> {
        match io {
            Io::JsonPath(p) => {
                let result = match &p.result_selector {
                    Some(selector) => {
                        self.payload(current, selector, &result, frame, "ResultSelector")?
                    }
                    None => result,
                };
                let merged = match &p.result_path {
                    None => result,
                    Some(NullablePath::Null) => input.into_owned(),
                    Some(NullablePath::Path(path)) => data::merge_result(input, path, result)
                        .map_err(|f| self.evaluation_failed(current, Some("ResultPath"), f))?,
                };
                match &p.output_path {
                    None => Ok(merged),
                    Some(NullablePath::Null) => Ok(Value::Object(Map::new())),
                    Some(NullablePath::Path(path)) => {
                        let context = self.context_if(path_reads_context(path), current, frame);
                        data::read_path(path, self.env(&merged, &context, frame))
                            .map_err(|f| self.evaluation_failed(current, Some("OutputPath"), f))
                    }
                }
            }
            Io::Jsonata(j) => match &j.output {
                Some(template) => {
                    let outcome = Outcome {
                        result: Some(&result),
                        error_output: None,
                    };
                    self.jsonata(current, template, &input, outcome, frame, "Output")
                }
                None if jsonata_default_is_result => Ok(result),
                None => Ok(input.into_owned()),
            },
        }
    }

    /// Ends a state that moves on: writes its exited event and applies its variables.
    pub(crate) fn leave<'s>(
        &mut self,
        current: &Current,
        type_name: &str,
        finished: Finished,
        next: Option<&'s str>,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        // What a state hands on is held to AWS's payload limit.
        let output_text = match finished.output_text {
            Some(text) => {
                // Tests run with debug assertions: every text made this way is checked.
                debug_assert_eq!(self.store.get(text), data::compact(&finished.output));
                text
            }
            None => self.store.json(&finished.output),
        };
        data::check_payload_bytes(output_text.len(), current.name).map_err(Halt::Failed)?;
        self.exit(type_name, current, output_text, finished.assigned.as_ref())?;
        if let Some(assigned) = finished.assigned {
            frame.variables.extend(assigned);
        }
        Ok(match next {
            Some(next) => Step::Next(next, finished.output, output_text),
            None => Step::End(finished.output, output_text),
        })
    }

    pub(crate) fn pass<'s>(
        &mut self,
        current: &Current,
        pass: &'s Pass,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        let effective = self.input_path(current, &pass.io, &input, frame)?;
        let result = match (&pass.result, &pass.io) {
            (Some(result), _) => data::static_value(result),
            (None, Io::JsonPath(p)) => match &p.parameters {
                Some(parameters) => {
                    self.payload(current, parameters, &effective, frame, "Parameters")?
                }
                None => effective.into_owned(),
            },
            (None, Io::Jsonata(_)) => effective.into_owned(),
        };
        let assigned = self.assign(
            current,
            pass.assign.as_ref(),
            &input,
            Some(&result),
            None,
            frame,
        )?;
        let appended = appended_key(&pass.io, &input);
        let output = self.output(current, &pass.io, Cow::Owned(input), result, frame, true)?;
        let output_text = appended
            .and_then(|key| appended_text(&mut self.store, current.input_text, key, &output, None));
        let finished = Finished {
            output,
            assigned,
            output_text,
        };
        self.leave(
            current,
            "Pass",
            finished,
            next_state(&pass.transition),
            frame,
        )
    }

    pub(crate) fn succeed<'s>(
        &mut self,
        current: &Current,
        succeed: &'s Succeed,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        let effective = self.input_path(current, &succeed.io, &input, frame)?;
        let output = self.output(
            current,
            &succeed.io,
            Cow::Borrowed(&input),
            effective.into_owned(),
            frame,
            false,
        )?;
        let finished = Finished {
            output,
            assigned: None,
            output_text: None,
        };
        self.leave(current, "Succeed", finished, None, frame)
    }

    pub(crate) fn fail<'s>(
        &mut self,
        current: &Current,
        fail: &'s Fail,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        let error = self.fail_field(current, fail.error.as_ref(), &input, frame, "Error")?;
        let cause = self.fail_field(current, fail.cause.as_ref(), &input, frame, "Cause")?;
        // An absent Error or Cause is an empty text: the events and the error output leave
        // empty ones out.
        Err(Halt::Failed(Failure {
            error: error.unwrap_or_default(),
            cause: cause.unwrap_or_default(),
        }))
    }

    fn fail_field(
        &mut self,
        current: &Current,
        field: Option<&Dyn<String>>,
        input: &Value,
        frame: &Frame,
        name: &str,
    ) -> Result<Option<String>, Halt> {
        let Some(field) = field else {
            return Ok(None);
        };
        let reads_context = match field {
            Dyn::Value(_) => false,
            Dyn::Path(dynamic) => dynamic_reads_context(dynamic),
            Dyn::Expr(_) => true,
        };
        let context = self.context_if(reads_context, current, frame);
        let value = match field {
            Dyn::Value(text) => return Ok(Some(text.clone())),
            Dyn::Path(dynamic) => data::evaluate_dynamic(dynamic, self.env(input, &context, frame))
                .map_err(|f| self.evaluation_failed(current, Some(&format!("{name}Path")), f))?
                .unwrap_or(Value::Null),
            Dyn::Expr(expr) => data::evaluate_jsonata(
                expr,
                self.env(input, &context, frame),
                Outcome::default(),
                name,
            )
            .map_err(|f| self.evaluation_failed(current, Some(name), f))?,
        };
        Ok(Some(match value {
            Value::String(s) => s,
            other => data::compact(&other),
        }))
    }

    pub(crate) fn choice<'s>(
        &mut self,
        current: &Current,
        choice: &'s Choice,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        let effective = self.input_path(current, &choice.io, &input, frame)?;
        let reads_context = choice
            .choices
            .iter()
            .any(|rule| condition_reads_context(&rule.condition));
        let context = self.context_if(reads_context, current, frame);
        let mut chosen = None;
        for rule in &choice.choices {
            let holds = data::condition_holds(
                &rule.condition,
                self.env(&effective, &context, frame),
                Outcome::default(),
            )
            .map_err(|f| self.evaluation_failed(current, Some("Condition"), f))?;
            if holds {
                chosen = Some(rule);
                break;
            }
        }
        let (next, assign, rule_output) = match chosen {
            Some(rule) => (
                rule.next.as_str(),
                rule.assign.as_ref(),
                rule.output.as_ref(),
            ),
            None => match &choice.default {
                Some(default) => (default.as_str(), choice.assign.as_ref(), None),
                None => {
                    return Err(Halt::Failed(Failure::new(
                        "States.NoChoiceMatched",
                        format!(
                            "No Matches! (state '{}', entered at the event id #{})",
                            current.name, current.entered_event_id
                        ),
                    )));
                }
            },
        };
        let assigned = self.assign(current, assign, &input, None, None, frame)?;
        // Without InputPath and OutputPath a Choice hands on its input as it came, text and all.
        let passes_input = matches!(&choice.io,
            Io::JsonPath(p) if p.input_path.is_none() && p.output_path.is_none());
        let (output, output_text) = match rule_output {
            Some(template) => (
                self.jsonata(
                    current,
                    template,
                    &input,
                    Outcome::default(),
                    frame,
                    "Output",
                )?,
                None,
            ),
            None if passes_input => {
                drop(effective);
                (input, Some(current.input_text))
            }
            None => (
                self.output(
                    current,
                    &choice.io,
                    Cow::Borrowed(&input),
                    effective.into_owned(),
                    frame,
                    false,
                )?,
                None,
            ),
        };
        let finished = Finished {
            output,
            assigned,
            output_text,
        };
        self.leave(current, "Choice", finished, Some(next), frame)
    }

    pub(crate) fn wait<'s>(
        &mut self,
        current: &Current,
        wait: &'s Wait,
        input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        let effective = self.input_path(current, &wait.io, &input, frame)?;
        let context = self.context(current, frame);
        let env = self.env(&effective, &context, frame);
        let delay_ms = match &wait.wait {
            WaitFor::Seconds(Dyn::Value(n)) => n.as_i64().unwrap_or(0).saturating_mul(1000),
            WaitFor::Seconds(Dyn::Path(dynamic)) => {
                let seconds = match dynamic {
                    Dynamic::Path(path) => data::read_seconds_path(path, env)
                        .map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
                    Dynamic::Intrinsic(_) => data::evaluate_dynamic(dynamic, env)
                        .map(|v| v.and_then(|v| v.as_i64()).unwrap_or(0)),
                }
                .map_err(|f| self.evaluation_failed(current, None, f))?;
                seconds.saturating_mul(1000)
            }
            WaitFor::Seconds(Dyn::Expr(expr)) => {
                let value = data::evaluate_jsonata(expr, env, Outcome::default(), "Seconds")
                    .map_err(|f| self.evaluation_failed(current, Some("Seconds"), f))?;
                match value.as_i64() {
                    Some(seconds) if seconds >= 0 => seconds.saturating_mul(1000),
                    _ => {
                        return Err(self.evaluation_failed(
                            current,
                            Some("Seconds"),
                            Failure::new(
                                "States.QueryEvaluationError",
                                format!(
                                    "The Seconds field must be a non-negative whole number, but was: {}",
                                    data::compact(&value)
                                ),
                            ),
                        ));
                    }
                }
            }
            WaitFor::Timestamp(form) => {
                let at = match form {
                    Dyn::Value(text) => data::parse_timestamp_ms(text).ok_or_else(|| {
                        Failure::runtime(format!(
                            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
                        ))
                    }),
                    Dyn::Path(Dynamic::Path(path)) => data::read_timestamp_path(path, env),
                    Dyn::Path(dynamic) => data::evaluate_dynamic(dynamic, env).and_then(|v| {
                        v.as_ref()
                            .and_then(Value::as_str)
                            .and_then(data::parse_timestamp_ms)
                            .ok_or_else(|| {
                                Failure::runtime(format!(
                                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {}",
                                    dynamic.as_str()
                                ))
                            })
                    }),
                    Dyn::Expr(expr) => data::evaluate_jsonata_timestamp(expr, env),
                }
                .map_err(|f| self.evaluation_failed(current, Some("Timestamp"), f))?;
                at - self.now_ms
            }
        };
        // AWS refuses a wait longer than 99999999 seconds only for `Seconds`; for timestamps
        // its bound is the Java int range of seconds from now.
        if delay_ms / 1000 > i64::from(i32::MAX) {
            return Err(self.evaluation_failed(
                current,
                None,
                Failure::new("States.Runtime", "Wait state delay is too long."),
            ));
        }
        self.sleep(delay_ms)?;
        let assigned = self.assign(current, wait.assign.as_ref(), &input, None, None, frame)?;
        let output = self.output(
            current,
            &wait.io,
            Cow::Borrowed(&input),
            effective.into_owned(),
            frame,
            false,
        )?;
        let finished = Finished {
            output,
            assigned,
            output_text: None,
        };
        self.leave(
            current,
            "Wait",
            finished,
            next_state(&wait.transition),
            frame,
        )
    }
}

impl Engine<'_> {
    /// A numeric field in any of its forms (`MaxConcurrency`, `ToleratedFailureCount`,
    /// `TimeoutSeconds`…): the value, its `…Path` form read from `input`, or a JSONata
    /// expression. `whole` asks for an integer.
    pub(crate) fn number_field(
        &mut self,
        current: &Current,
        field: Option<&Dyn<workflow_core::model::Number>>,
        input: &Value,
        frame: &Frame,
        name: &str,
        whole: bool,
    ) -> Result<Option<f64>, Halt> {
        let Some(field) = field else {
            return Ok(None);
        };
        let context = self.context(current, frame);
        let env = self.env(input, &context, frame);
        let path_field = format!("{name}Path");
        let value = match field {
            Dyn::Value(n) => Ok(n.as_f64()),
            Dyn::Path(Dynamic::Path(path)) if whole => {
                data::read_integer_path(&path_field, path, env).map(|n| n as f64)
            }
            Dyn::Path(Dynamic::Path(path)) => data::read_number_path(&path_field, path, env),
            Dyn::Path(dynamic) => data::evaluate_dynamic(dynamic, env)
                .map(|v| v.and_then(|v| v.as_f64()).unwrap_or(f64::NAN)),
            Dyn::Expr(expr) => data::evaluate_jsonata(expr, env, Outcome::default(), name)
                .map(|v| v.as_f64().unwrap_or(f64::NAN)),
        };
        let location = match field {
            Dyn::Expr(_) => Some(name),
            _ => None,
        };
        value
            .map(Some)
            .map_err(|f| self.evaluation_failed(current, location, f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use workflow_core::expr::Path;
    use workflow_core::model::PathIo;

    fn io(result_path: &str) -> Io {
        let mut p = PathIo::default();
        p.result_path = Some(NullablePath::Path(Path::parse(result_path).unwrap()));
        Io::JsonPath(p)
    }

    #[test]
    fn an_appended_member_extends_the_input_text() {
        for (input, path, result) in [
            (json!({"a": 1}), "$.b", json!({"x": [1, "y"]})),
            (json!({}), "$.b", json!("text \"quoted\"")),
            (json!({"a": {"b": 1}}), "$['we\"ird key']", json!(null)),
        ] {
            let io = io(path);
            let appended = appended_key(&io, &input).expect("a top-level key");
            let mut output = input.clone();
            output[appended.key] = result;
            let mut store = Store::default();
            let input_text = store.json(&input);
            let text = appended_text(&mut store, input_text, appended, &output, None).unwrap();
            assert_eq!(store.get(text), data::compact(&output));
            let value_text = store.json(&output[appended.key]);
            let text =
                appended_text(&mut store, input_text, appended, &output, Some(value_text)).unwrap();
            assert_eq!(store.get(text), data::compact(&output));
        }
        // An existing key keeps its place: the output is not the input with one member more.
        let input = json!({"a": 1, "b": 2});
        let existing = io("$.a");
        let appended = appended_key(&existing, &input).unwrap();
        let mut store = Store::default();
        let input_text = store.json(&input);
        let output = json!({"a": 3, "b": 2});
        assert!(appended_text(&mut store, input_text, appended, &output, None).is_none());
        // A deeper path is not one member more, nor is a member of an array.
        assert!(appended_key(&io("$.a.b"), &json!({})).is_none());
        assert!(appended_key(&io("$.a"), &json!([1])).is_none());
    }
}
