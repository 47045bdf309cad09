//! Rules about values: paths, payload templates, intrinsic functions, JSONata expressions,
//! variables, numbers, timestamps, and the error names of retriers and catchers.

use super::scope::looks_like_path;
use super::{Here, Validator};
use crate::did_you_mean::closest;
use crate::expr::{Arg, Dynamic, Intrinsic, Jsonata, Path, PathRoot, intrinsic};
use crate::model::*;
use crate::rules::Rule;
use std::collections::BTreeSet;

/// The error names AWS predefines; every other name starting with `States.` is refused.
pub const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
    "States.BranchFailed",
];

/// The bounds AWS puts on one numeric field of a retrier.
struct Bound<'a> {
    field: &'static str,
    value: &'a Option<Number>,
    min: f64,
    max: f64,
    integer: bool,
    expected: &'static str,
}

/// The longest variable name AWS accepts.
const MAX_VARIABLE_NAME_CHARS: usize = 80;

/// Which `$states` fields a JSONata expression may read where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldRole {
    /// `$states.input` and `$states.context` only.
    Plain,
    /// Also `$states.result`: a Task, Parallel or Map state's `Output` and `Assign`.
    ResultOutput,
    /// Also `$states.errorOutput` (and `$states.result`): a catcher's `Output` and `Assign`.
    CatchOutput,
}

impl FieldRole {
    /// The role of a state's own `Output` and `Assign`: states that call something have a
    /// result there.
    pub(crate) fn output_of(kind: &StateKind) -> FieldRole {
        match kind {
            StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_) => {
                FieldRole::ResultOutput
            }
            _ => FieldRole::Plain,
        }
    }
}

/// The variables a scope may read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vars<'a> {
    pub readable: &'a BTreeSet<String>,
    /// The state uses JSONPath (so `.$` keys matter and NO_DOLLAR applies).
    pub jsonpath: bool,
}

impl<'m> Validator<'m> {
    pub(super) fn io(&mut self, io: &'m Io, h: &Here, vars: &Vars<'_>, kind: &StateKind) {
        match io {
            Io::JsonPath(p) => {
                for (field, value) in [("InputPath", &p.input_path), ("OutputPath", &p.output_path)]
                {
                    if let Some(NullablePath::Path(path)) = value {
                        self.path_vars(path, &h.child(field), vars);
                    }
                }
                if let Some(NullablePath::Path(path)) = &p.result_path {
                    self.result_path(path, &h.child("ResultPath"));
                }
                if let Some(t) = &p.parameters {
                    self.template(t, &h.child("Parameters"), vars, FieldRole::Plain);
                }
                if let Some(t) = &p.result_selector {
                    self.template(t, &h.child("ResultSelector"), vars, FieldRole::Plain);
                }
            }
            Io::Jsonata(j) => {
                if let Some(t) = &j.arguments {
                    self.template(t, &h.child("Arguments"), vars, FieldRole::Plain);
                }
                if let Some(t) = &j.output {
                    self.template(t, &h.child("Output"), vars, FieldRole::output_of(kind));
                }
            }
        }
    }

    pub(super) fn result_path(&mut self, path: &Path, h: &Here) {
        let problem = match &path.root {
            PathRoot::Context => {
                Some("`ResultPath` cannot write into the context object `$$`".to_string())
            }
            PathRoot::Variable(v) => Some(format!(
                "`ResultPath` cannot write into the variable `${v}`; use `Assign` to set variables"
            )),
            PathRoot::Input if !path.is_reference() => Some(format!(
                "`ResultPath` \"{}\" is not a reference path: it must name a single node, without wildcards, filters, slices or `..`",
                path.as_str()
            )),
            PathRoot::Input => None,
        };
        if let Some(message) = problem {
            self.report(Rule::InvalidReferencePath, h.loc(), message)
                .help = Some("use a path on the state's input such as `$.result`, or `null` to discard the result".into());
        }
    }

    pub(super) fn assign(
        &mut self,
        assign: &'m Assign,
        h: &Here,
        vars: &Vars<'_>,
        role: FieldRole,
    ) {
        for (name, value) in &assign.variables {
            let here = h.child(&Template::written_key(name, value));
            // AWS: Unicode identifiers (UAX #31 ID_Start, then ID_Continue), at most 80 characters.
            let valid_ident = name
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_alphanumeric() || c == '_');
            let problem = if name == "states" {
                Some("`states` is reserved for the `$states` variable of JSONata".to_string())
            } else if !valid_ident {
                Some(format!(
                    "`{name}` is not a valid variable name: it must be an identifier: a letter or `_`, then letters, digits and `_` (no `-` or `.`)"
                ))
            } else if name.chars().count() > MAX_VARIABLE_NAME_CHARS {
                Some(format!(
                    "variable name `{name}` is longer than {MAX_VARIABLE_NAME_CHARS} characters"
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                self.report(Rule::VariableName, here.key_loc(), message);
            }
            self.template(value, &here, vars, role);
        }
    }

    /// A payload template or JSONata value: duplicate keys, `.$` values, expressions, and the
    /// NO_DOLLAR warning.
    pub(super) fn template(&mut self, t: &'m Template, h: &Here, vars: &Vars<'_>, role: FieldRole) {
        match t {
            Template::Object(members) => {
                let mut seen: Vec<&str> = Vec::with_capacity(members.len());
                for (key, value) in members {
                    let here = h.child(&Template::written_key(key, value));
                    if seen.contains(&key.as_str()) {
                        self.report(
                            Rule::PayloadDuplicateKey,
                            here.key_loc(),
                            format!("the field `{key}` is set twice (`{key}` and `{key}.$` name the same field)"),
                        )
                        .help = Some("keep one of the two".into());
                    }
                    seen.push(key);
                    if let Template::String(s) = value
                        && vars.jsonpath
                        && looks_like_path(s)
                    {
                        self.report(
                                Rule::NoDollar,
                                here.loc(),
                                format!("`{key}` holds \"{s}\", which looks like a path, but the key does not end in `.$`, so it is passed as literal text"),
                            )
                            .help = Some(format!("name the field `{key}.$` to evaluate the path"));
                    }
                    self.template(value, &here, vars, role);
                }
            }
            Template::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.template(item, &h.child(&i.to_string()), vars, role);
                }
            }
            Template::Dynamic(d) => self.dynamic(d, h, vars),
            Template::Expr(e) => self.jsonata(e, h, vars, role),
            Template::Null | Template::Bool(_) | Template::Number(_) | Template::String(_) => {}
        }
    }

    pub(super) fn dynamic(&mut self, d: &'m Dynamic, h: &Here, vars: &Vars<'_>) {
        match d {
            Dynamic::Path(p) => self.path_vars(p, h, vars),
            Dynamic::Intrinsic(call) => {
                for (rule, message, help) in intrinsic::check(call) {
                    self.report(rule, h.loc(), message).help = help;
                }
                self.intrinsic_vars(call, h, vars);
            }
        }
    }

    fn intrinsic_vars(&mut self, call: &Intrinsic, h: &Here, vars: &Vars<'_>) {
        for arg in &call.args {
            match arg {
                Arg::Path(p) => self.path_vars(p, h, vars),
                Arg::Call(inner) => self.intrinsic_vars(inner, h, vars),
                _ => {}
            }
        }
    }

    /// A path that reads a variable must read one that is assigned where it can be seen.
    pub(super) fn path_vars(&mut self, p: &Path, h: &Here, vars: &Vars<'_>) {
        if let PathRoot::Variable(name) = &p.root {
            self.variable_read(name, h, vars);
        }
    }

    fn variable_read(&mut self, name: &str, h: &Here, vars: &Vars<'_>) {
        if name != "states" && !vars.readable.contains(name) {
            let candidates: Vec<&str> = vars.readable.iter().map(String::as_str).collect();
            let d = self.report(
                Rule::VariableUnassigned,
                h.loc(),
                format!("variable `${name}` is read here but never assigned in this scope or an enclosing one"),
            );
            d.help = Some(match closest(name, candidates.iter().copied()) {
                Some(m) => format!("did you mean `${m}`?"),
                None => {
                    format!("assign it with `\"Assign\": {{\"{name}\": …}}` in an earlier state")
                }
            });
        }
    }

    pub(super) fn jsonata(&mut self, e: &Jsonata, h: &Here, vars: &Vars<'_>, role: FieldRole) {
        for field in &e.states_fields {
            // Other `$states.x` fields just evaluate to nothing; AWS does not refuse them.
            let allowed = match field.as_str() {
                // AWS's language service also accepts it in a catcher's Output and Assign.
                "result" => matches!(role, FieldRole::ResultOutput | FieldRole::CatchOutput),
                "errorOutput" => role == FieldRole::CatchOutput,
                _ => true,
            };
            if !allowed {
                let where_ = match field.as_str() {
                    "result" => "`$states.result` is only available in the `Output` and `Assign` of a Task, Parallel or Map state".to_string(),
                    "errorOutput" => "`$states.errorOutput` is only available in a catcher's `Output` and `Assign`".to_string(),
                    other => format!("`$states.{other}` is not available here"),
                };
                self.report(Rule::JsonataStatesVariable, h.loc(), where_);
            }
        }
        for v in &e.variables {
            self.variable_read(v, h, vars);
        }
    }

    pub(super) fn retriers(&mut self, retry: &'m [Retrier], h: &Here) {
        let lists: Vec<&[String]> = retry.iter().map(|r| r.error_equals.as_slice()).collect();
        self.never_matches(&lists, h, "retrier");
        for (i, r) in retry.iter().enumerate() {
            let rh = h.child(&i.to_string());
            self.error_equals(
                &r.error_equals,
                &rh.child("ErrorEquals"),
                i + 1 == retry.len(),
                "retrier",
            );
            let checks = [
                Bound {
                    field: "IntervalSeconds",
                    value: &r.interval_seconds,
                    min: 1.0,
                    max: 99_999_999.0,
                    integer: true,
                    expected: "a whole number of seconds, at least 1",
                },
                Bound {
                    field: "MaxAttempts",
                    value: &r.max_attempts,
                    min: 0.0,
                    max: 99_999_999.0,
                    integer: true,
                    expected: "a whole number, 0 or more",
                },
                Bound {
                    field: "BackoffRate",
                    value: &r.backoff_rate,
                    min: 1.0,
                    max: f64::MAX,
                    integer: false,
                    expected: "at least 1.0",
                },
                Bound {
                    field: "MaxDelaySeconds",
                    value: &r.max_delay_seconds,
                    min: 1.0,
                    max: 31_622_399.0,
                    integer: true,
                    expected: "a whole number of seconds between 1 and 31,622,399",
                },
            ];
            for Bound {
                field,
                value,
                min,
                max,
                integer,
                expected,
            } in checks
            {
                let Some(n) = value.as_ref().filter(|n| n.placeholder().is_none()) else {
                    continue;
                };
                let f = n.as_f64();
                if (integer && !n.is_integer()) || !(min..=max).contains(&f) {
                    self.report(
                        Rule::RetrierBounds,
                        rh.child(field).loc(),
                        format!("`{field}` must be {expected}, found {n}"),
                    );
                }
            }
        }
    }

    pub(super) fn catchers(
        &mut self,
        catch: &'m [Catcher],
        h: &Here,
        vars: &Vars<'_>,
        _ql: QueryLanguage,
    ) {
        let lists: Vec<&[String]> = catch.iter().map(|c| c.error_equals.as_slice()).collect();
        self.never_matches(&lists, h, "catcher");
        for (i, c) in catch.iter().enumerate() {
            let ch = h.child(&i.to_string());
            self.error_equals(
                &c.error_equals,
                &ch.child("ErrorEquals"),
                i + 1 == catch.len(),
                "catcher",
            );
            if let Some(NullablePath::Path(p)) = &c.result_path {
                self.result_path(p, &ch.child("ResultPath"));
            }
            if let Some(o) = &c.output {
                self.template(o, &ch.child("Output"), vars, FieldRole::CatchOutput);
            }
            if let Some(a) = &c.assign {
                self.assign(a, &ch.child("Assign"), vars, FieldRole::CatchOutput);
            }
        }
    }

    /// Flags a retrier or catcher every one of whose error names an earlier one already lists:
    /// AWS hands an error to the first that names it, so this one is never chosen. A
    /// `States.ALL` before it is already a `states-all-position` error, which says as much.
    fn never_matches(&mut self, error_lists: &[&[String]], h: &Here, what: &str) {
        for (i, names) in error_lists.iter().enumerate() {
            let earlier = &error_lists[..i];
            if earlier.iter().any(|e| e.iter().any(|n| n == "States.ALL")) {
                return;
            }
            let first_listing = |name: &String| earlier.iter().position(|e| e.contains(name));
            let Some(shadowing) = names
                .iter()
                .map(first_listing)
                .collect::<Option<BTreeSet<usize>>>()
                .filter(|s| !s.is_empty())
            else {
                continue;
            };
            let listed = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let by = shadowing
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" and ");
            let plural = if shadowing.len() > 1 { "s" } else { "" };
            self.report(
                Rule::CatchNeverMatches,
                h.child(&i.to_string()).child("ErrorEquals").loc(),
                format!(
                    "this {what} can never be chosen: {listed} already handled by the {what}{plural} at index {by}"
                ),
            )
            .help = Some(format!(
                "an error goes to the first {what} that names it: remove this {what}, or move it before the one that names the same error"
            ));
        }
    }

    fn error_equals(&mut self, names: &[String], h: &Here, is_last: bool, what: &str) {
        for (i, name) in names.iter().enumerate() {
            let here = h.child(&i.to_string());
            if name == "States.ALL" {
                if names.len() > 1 {
                    self.report(
                        Rule::StatesAllPosition,
                        here.loc(),
                        format!("`States.ALL` must be the only error name in its {what}"),
                    )
                    .help = Some(
                        "`States.ALL` already matches every error: remove the other names".into(),
                    );
                }
                if !is_last {
                    self.report(
                        Rule::StatesAllPosition,
                        here.loc(),
                        format!("the {what} with `States.ALL` must be the last one"),
                    )
                    .help = Some(format!(
                        "move this {what} to the end: the ones after it can never match"
                    ));
                }
            } else if name.starts_with("States.") && !PREDEFINED_ERRORS.contains(&name.as_str()) {
                let d = self.report(
                    Rule::UnknownStatesError,
                    here.loc(),
                    format!("`{name}` is not a predefined error name, and names starting with `States.` are reserved"),
                );
                d.help = Some(match closest(name, PREDEFINED_ERRORS.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "use a predefined `States.` error, or a custom name without the `States.` prefix".into(),
                });
            }
        }
    }

    /// A number field with a static form, a path form and a JSONata form.
    pub(super) fn dyn_number(
        &mut self,
        d: &'m Dyn<Number>,
        h: &Here,
        field: &str,
        min: i64,
        max: i64,
        vars: &Vars<'_>,
    ) {
        match d {
            // A deploy substitutes a placeholder; its number is checked when AWS reads it.
            Dyn::Value(n) if n.placeholder().is_some() => {}
            Dyn::Value(n) => {
                let ok = n.as_i64().is_some_and(|i| (min..=max).contains(&i));
                if !ok {
                    let range = if max == i64::MAX {
                        format!("{min} or more")
                    } else {
                        format!("between {min} and {max}")
                    };
                    self.report(
                        Rule::NumberRange,
                        h.child(field).loc(),
                        format!("`{field}` must be a whole number {range}, found {n}"),
                    );
                }
            }
            Dyn::Path(p) => self.dynamic(p, &h.child(&format!("{field}Path")), vars),
            Dyn::Expr(e) => self.jsonata(e, &h.child(field), vars, FieldRole::Plain),
        }
    }

    pub(super) fn positive_int(&mut self, n: &Number, h: &Here, field: &str, max: i64) {
        if n.placeholder().is_none() && !n.as_i64().is_some_and(|i| (1..=max).contains(&i)) {
            self.report(
                Rule::NumberRange,
                h.loc(),
                format!("`{field}` must be a whole number between 1 and {max}, found {n}"),
            );
        }
    }

    pub(super) fn timestamp(&mut self, s: &str, h: &Here) {
        if !is_rfc3339(s) {
            self.report(Rule::InvalidTimestamp, h.loc(), format!("\"{s}\" is not an RFC 3339 timestamp"))
                .help = Some("write it like `2026-03-14T01:59:00Z` (uppercase `T`, and `Z` or an offset such as `+01:00`)".into());
        }
    }
}

/// RFC 3339 date-time as AWS takes it: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, uppercase `T`
/// and `Z`.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let num =
        |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok()).unwrap_or(99);
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
    {
        return false;
    }
    if !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' || !digits(17..19) {
        return false;
    }
    let (month, day, hour, minute, second) =
        (num(5..7), num(8..10), num(11..13), num(14..16), num(17..19));
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z'] => true,
        [sign, h1, h2, b':', m1, m2] if (*sign == b'+' || *sign == b'-') => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && num(i + 1..i + 3) <= 23
                && num(i + 4..i + 6) <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_rfc3339;

    #[test]
    fn timestamps() {
        for ok in [
            "2016-03-14T01:59:00Z",
            "2016-03-14T01:59:00.123Z",
            "2016-03-14T01:59:00+01:00",
            "2016-03-14T01:59:00-08:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2016-03-14 01:59:00Z",
            "2016-03-14t01:59:00Z",
            "2016-03-14T01:59:00",
            "2016-13-14T01:59:00Z",
            "2016-03-14T01:59:00.Z",
            "x",
            "2016-03-14T01:59:00z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
