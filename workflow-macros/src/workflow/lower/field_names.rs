//! The DSL's field names for each state type, checked against workflow-core's field tables.

use super::*;

/// How the DSL spells the ASL fields of a state body that it writes as `field: value`, in the
/// order messages list them. Which fields a state has is workflow-core's parser table
/// ([`fields::allowed_fields`]); the ASL fields missing here are written another way (the
/// state kind, `end`, `retry`, `catch`, a Wait's duration, a Choice's arms, `branch`,
/// `processor`) or not at all (`Comment`, the `…Path` forms, Map's legacy `Parameters` and
/// `Iterator`). `payload` has no ASL field of its own: it is the `Payload` of a Task's
/// parameters or arguments.
pub(super) const DSL_FIELDS: &[(&str, &str)] = &[
    ("Next", "next"),
    ("InputPath", "input_path"),
    ("OutputPath", "output_path"),
    ("Output", "output"),
    ("Parameters", "parameters"),
    ("Arguments", "arguments"),
    ("ResultSelector", "result_selector"),
    ("Result", "result"),
    ("ResultPath", "result_path"),
    ("", "payload"),
    ("TimeoutSeconds", "timeout"),
    ("HeartbeatSeconds", "heartbeat"),
    ("Credentials", "credentials"),
    ("ItemsPath", "items"),
    ("Items", "items"),
    ("ItemSelector", "item_selector"),
    ("MaxConcurrency", "max_concurrency"),
    ("ToleratedFailurePercentage", "tolerated_failure_percentage"),
    ("ToleratedFailureCount", "tolerated_failure_count"),
    ("Label", "label"),
    ("ItemProcessor", "mode"),
    ("ItemReader", "reader"),
    ("ItemBatcher", "batcher"),
    ("ResultWriter", "writer"),
    ("Error", "error"),
    ("Cause", "cause"),
    ("Assign", "assign"),
];

/// Whether every ASL field the DSL field `dsl` stands for is in `only` (one query language's
/// own fields).
pub(super) fn only_in(dsl: &str, only: &[&str]) -> bool {
    let mut asl = DSL_FIELDS
        .iter()
        .filter(|(_, d)| *d == dsl)
        .map(|(a, _)| *a)
        .peekable();
    asl.peek().is_some() && asl.all(|a| only.contains(&a))
}

/// Whether `dsl` is a field of some state body.
pub(super) fn is_dsl_field(dsl: &str) -> bool {
    DSL_FIELDS.iter().any(|(_, d)| *d == dsl)
}

/// The state types, for field tables and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl Ty {
    pub(super) fn name(self) -> &'static str {
        match self {
            Ty::Task => "task",
            Ty::Pass => "pass",
            Ty::Choice => "choice",
            Ty::Wait => "wait",
            Ty::Succeed => "succeed",
            Ty::Fail => "fail",
            Ty::Parallel => "parallel",
            Ty::Map => "map",
        }
    }

    pub(super) fn has_transition(self) -> bool {
        !matches!(self, Ty::Choice | Ty::Succeed | Ty::Fail)
    }

    pub(super) fn has_error_handling(self) -> bool {
        matches!(self, Ty::Task | Ty::Parallel | Ty::Map)
    }

    /// The body entries that are not `key: value` fields: `end`, `retry`, `catch`, `branch`,
    /// `processor`, where this kind of state takes them.
    pub(super) fn entries(self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.has_transition() {
            v.push("end");
        }
        if self.has_error_handling() {
            v.extend(["retry", "catch"]);
        }
        match self {
            Ty::Parallel => v.push("branch"),
            Ty::Map => v.push("processor"),
            _ => {}
        }
        v
    }

    /// The ASL type name.
    pub(super) fn asl_name(self) -> &'static str {
        match self {
            Ty::Task => "Task",
            Ty::Pass => "Pass",
            Ty::Choice => "Choice",
            Ty::Wait => "Wait",
            Ty::Succeed => "Succeed",
            Ty::Fail => "Fail",
            Ty::Parallel => "Parallel",
            Ty::Map => "Map",
        }
    }

    /// The DSL fields of a state body of this type in this query language: those of the ASL
    /// fields workflow-core's parser allows, spelt as [`DSL_FIELDS`] says.
    pub(super) fn fields(self, ql: QueryLanguage) -> Vec<&'static str> {
        let asl = fields::allowed_fields(self.asl_name(), ql);
        let mut v: Vec<&'static str> = Vec::new();
        for (asl_field, dsl) in DSL_FIELDS {
            let allowed = match *asl_field {
                "" => self == Ty::Task,
                // The DSL writes a Map's parameters as `item_selector`.
                "Parameters" if self == Ty::Map => false,
                a => asl.contains(&a),
            };
            if allowed && !v.contains(dsl) {
                v.push(dsl);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn field_tables_follow_the_parser() {
        let jp = QueryLanguage::JsonPath;
        let ata = QueryLanguage::Jsonata;
        assert_eq!(
            Ty::Task.fields(jp),
            [
                "next",
                "input_path",
                "output_path",
                "parameters",
                "result_selector",
                "result_path",
                "payload",
                "timeout",
                "heartbeat",
                "credentials",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Task.fields(ata),
            [
                "next",
                "output",
                "arguments",
                "payload",
                "timeout",
                "heartbeat",
                "credentials",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Pass.fields(jp),
            [
                "next",
                "input_path",
                "output_path",
                "parameters",
                "result",
                "result_path",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Map.fields(ata),
            [
                "next",
                "output",
                "items",
                "item_selector",
                "max_concurrency",
                "tolerated_failure_percentage",
                "tolerated_failure_count",
                "label",
                "mode",
                "reader",
                "batcher",
                "writer",
                "assign"
            ]
        );
        assert_eq!(
            Ty::Choice.fields(jp),
            ["input_path", "output_path", "assign"]
        );
        assert_eq!(Ty::Succeed.fields(ata), ["output"]);
        assert_eq!(Ty::Fail.fields(jp), ["error", "cause"]);
        assert!(only_in("result_path", fields::JSONPATH_ONLY));
        assert!(only_in("arguments", fields::JSONATA_ONLY));
        assert!(
            !only_in("items", fields::JSONPATH_ONLY) && !only_in("items", fields::JSONATA_ONLY)
        );
        assert!(!only_in("payload", fields::JSONATA_ONLY));
    }
}
